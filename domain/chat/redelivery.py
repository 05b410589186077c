"""Where "New code" sends a code once the old challenge's destination was scrubbed to its mask.

A challenge that left `pending`, or expired and was swept, keeps only the masked number or address. For a
code to the registered email or to the current 2FA destination, that destination is found again (it must
still mask to what the challenge holds); a number or address the person typed is asked for again. A code
never goes to a masked string.
"""

from __future__ import annotations

from domain.chat.turn import Turn
from domain.core.challenge import Challenge, Purpose
from domain.core.conversation_state import Step
from domain.core.destinations import mask
from domain.core.model import Channel, User
from domain.core.ports import UnitOfWork
from domain.core.replies import Button, Reply
from domain.wording import texts

TYPED = {Purpose.ENABLE: Step.ENABLE_DESTINATION, Purpose.CHANGE_NEW: Step.CHANGE_DESTINATION}
TO_REGISTERED_EMAIL = frozenset({Purpose.LINK, Purpose.IDENTITY})


async def destination_again(uow: UnitOfWork, user: User, challenge: Challenge) -> str | None:
    """The full destination for a new code in place of `challenge`'s, or None when it must be typed again
    (or no longer is where the old code went)."""
    if challenge.destination_in_clear:
        return challenge.destination
    if challenge.purpose in TYPED:
        return None
    if challenge.purpose in TO_REGISTERED_EMAIL:
        channel: Channel | None = Channel.EMAIL
        destination: str | None = user.email
    else:
        setting = await uow.two_factor.get(user.key)
        channel, destination = setting.channel, setting.destination
    if channel is not challenge.channel or not destination:
        return None
    return destination if mask(channel, destination) == challenge.destination else None


def ask_again(turn: Turn, challenge: Challenge) -> list[Reply]:
    """Back to typing the number or address (keeping a change's proof), or, where nothing was typed, the
    flow ends: the destination changed since the old code."""
    step = TYPED.get(challenge.purpose)
    if step is None:
        turn.conversation = turn.conversation.idle(turn.now)
        return [Reply(texts.CODE_NOT_ACTIVE)]
    proof = {k: v for k, v in turn.conversation.data.items() if k == "proof"}
    turn.conversation = turn.conversation.at(step, turn.now, None, method=challenge.channel.value, **proof)
    what = texts.WHAT_PHONE if challenge.channel is Channel.SMS else texts.WHAT_EMAIL
    return [
        Reply(texts.CODE_EXPIRED_TYPE_AGAIN.format(what=what), ((Button(texts.BUTTON_CANCEL, "cancel"),),))
    ]
