"""Setting up a method that sends nothing to a typed destination: an authenticator app (its key shown as a
QR code and text, confirmed by a code from it) or approval in this Telegram chat (confirmed by a tap
here). The method in force stays until the new one is confirmed (`domain.accounts.lifecycle`)."""

from __future__ import annotations

from domain.chat.turn import Turn
from domain.chat.verification import CodePrompt, cancel_only, confirm_buttons
from domain.core.challenge import Purpose
from domain.core.conversation_state import Step
from domain.core.destinations import APP
from domain.core.model import Channel
from domain.core.replies import Reply
from domain.wording import texts, texts_app, texts_approval


async def set_up_app(prompt: CodePrompt, turn: Turn) -> list[Reply]:
    """A new authenticator app: its key (QR code and text) and a code from it to confirm; the method in
    force stays until then (`domain.lifecycle.apply_change` makes the new app the active one)."""
    app, user = prompt.codes.app, turn.user
    if app is None or user is None:
        return [Reply(texts.STALE_BUTTON)]
    changing = turn.conversation.step in (Step.CHANGE_METHOD, Step.CHANGE_DESTINATION)
    purpose, step = (
        (Purpose.CHANGE_NEW, Step.CHANGE_NEW_CODE) if changing else (Purpose.ENABLE, Step.ENABLE_CODE)
    )
    enrolment = await app.enrol(turn.uow, user, turn.now)
    proof = {k: v for k, v in turn.conversation.data.items() if k == "proof"}
    result, replies = await prompt.send_code(
        turn, user, purpose, Channel.APP, APP, step, "{masked}", method=Channel.APP.value, **proof
    )
    if not result.sent:
        return replies
    words = texts_app.PURPOSE_CHANGE if changing else texts_app.PURPOSE_ENABLE
    text = texts_app.APP_SETUP.format(key=enrolment.key, purpose=words)
    return [Reply(text, cancel_only(), qr=enrolment.uri, secret=True)]


async def set_up_approval(prompt: CodePrompt, turn: Turn) -> list[Reply]:
    """Sign-ins approved in this chat: confirmed by a tap here (the chat is the destination); the
    method in force stays until then."""
    user = turn.user
    if user is None:
        return [Reply(texts.STALE_BUTTON)]
    changing = turn.conversation.step in (Step.CHANGE_METHOD, Step.CHANGE_DESTINATION)
    purpose, step = (
        (Purpose.CHANGE_NEW, Step.CHANGE_NEW_CODE) if changing else (Purpose.ENABLE, Step.ENABLE_CODE)
    )
    proof = {k: v for k, v in turn.conversation.data.items() if k == "proof"}
    result, replies = await prompt.send_code(
        turn,
        user,
        purpose,
        Channel.TELEGRAM,
        turn.chat_id,
        step,
        "",
        method=Channel.TELEGRAM.value,
        **proof,
    )
    if not result.sent:
        return replies
    words = texts_approval.PURPOSE_CHANGE if changing else texts_approval.PURPOSE_ENABLE
    return [Reply(texts_approval.SET_UP.format(purpose=words), confirm_buttons())]
