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
