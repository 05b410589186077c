"""Sentences of the step router (`domain.router`, `domain.flow_switch`) not in `domain.texts`."""

from __future__ import annotations

# A command for a flow that has nothing to do, given in the middle of another flow: said, and then where
# we are, instead of offering to stop the current flow for it.
NOTHING_TO_DO_WHEN_OFF = "2FA is off, so there is nothing to {what}."
NOTHING_TO_DO_WHEN_ON = "2FA is already on: codes go by {setting}."
