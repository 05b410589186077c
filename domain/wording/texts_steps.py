"""Sentences of the step router (`domain.router`, `domain.flow_switch`) not in `domain.texts`."""

from __future__ import annotations

from domain.wording.i18n import N_, Catalogue, Message

# A command for a flow that has nothing to do, given in the middle of another flow: said, and then where
# we are, instead of offering to stop the current flow for it.
NOTHING_TO_DO_WHEN_OFF: str
NOTHING_TO_DO_WHEN_ON: str


_MESSAGES: dict[str, Message] = {
    "NOTHING_TO_DO_WHEN_OFF": N_("2FA is off, so there is nothing to {what}."),
    "NOTHING_TO_DO_WHEN_ON": N_("2FA is already on: codes go by {setting}."),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
