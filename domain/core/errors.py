"""Named domain errors: a refused rule raises one of these, never a bare ValueError."""


class DomainError(Exception):
    """Base of every rule the domain refuses."""


class InvalidTransition(DomainError):
    """A lifecycle was asked to move where its transition table does not allow."""


class InvalidEmail(DomainError):
    """An email address that cannot be used; the message says why."""


class InvalidPhone(DomainError):
    """A phone number that cannot receive codes; the message says why."""


class NotFound(DomainError):
    """A contract, user or other record named by the caller does not exist."""


class Duplicate(DomainError):
    """A record with the same unique key exists already."""


class SmsNotAvailable(DomainError):
    """SMS is not offered in this country yet (provider registration pending); email works everywhere."""

    def __init__(self, region: str) -> None:
        super().__init__(f"SMS is not available for numbers in {region}")
        self.region = region


class AlreadyEnabled(DomainError):
    """2FA is on already: enabling again is refused (change it instead)."""


class NotEnabled(DomainError):
    """2FA is off: there is nothing to change or disable."""
