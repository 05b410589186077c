"""The code prompt every flow shares: send a code, then take typed codes, Resend and New code.

Linking by email answers the same whether or not the address belongs to an account; for an unknown
address the prompt plays its part with no challenge behind it (a decoy), so replies cannot tell the two
apart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from domain.accounts.linking import no_account
from domain.chat.redelivery import TYPED, ask_again, destination_again
from domain.chat.turn import Turn
from domain.core.challenge import Challenge, Purpose, VerifyOutcome
from domain.core.conversation_state import Step
from domain.core.destinations import APP, TELEGRAM_CHAT, mask, mask_email, normalise_email
from domain.core.errors import InvalidEmail
from domain.core.model import Channel, User
from domain.core.otp import normalise_typed_code
from domain.core.policy import Refusal
from domain.core.ports import DeliveryProblem
from domain.core.replies import Button, Reply
from domain.proofs.codes import CodeService, SendResult, SendStatus
from domain.wording import texts, texts_app, texts_approval, texts_twofa
from domain.wording.texts_destinations import shown_mask

OnVerified = Callable[[Turn, Challenge, User], Awaitable[list[Reply]]]
OnEmailTyped = Callable[[Turn, str], Awaitable[list[Reply]]]

Buttons = tuple[tuple[Button, ...], ...]


# The code prompts' buttons, labelled when a reply is built (in the language of the step), never at import.
def code_buttons() -> Buttons:
    return ((Button(texts.BUTTON_RESEND, "resend"), Button(texts.BUTTON_CANCEL, "cancel")),)


def cancel_only() -> Buttons:  # an app's code: nothing to send again
    return ((Button(texts.BUTTON_CANCEL, "cancel"),),)


def confirm_buttons() -> Buttons:  # Telegram approval: a tap in the linked chat stands for the code
    return ((Button(texts_approval.BUTTON_CONFIRM, "confirm"), Button(texts.BUTTON_CANCEL, "cancel")),)


def expired_buttons() -> Buttons:
    return ((Button(texts.BUTTON_NEW_CODE, "newcode"), Button(texts.BUTTON_CANCEL, "cancel")),)


def other_method(channel: Channel) -> Button:
    """The button that switches a destination being typed to the other method."""
    if channel is Channel.SMS:
        return Button(texts_twofa.BUTTON_USE_EMAIL, "method:email")
    return Button(texts_twofa.BUTTON_USE_SMS, "method:sms")


class CodePrompt:
    """Sending a code and handling what the person does at the code prompt."""

    actions = frozenset({"resend", "newcode"})

    def __init__(self, codes: CodeService, on_verified: OnVerified, on_email_typed: OnEmailTyped) -> None:
        self._codes = codes
        self.codes = codes
        self._on_verified = on_verified
        self._on_email_typed = on_email_typed

    async def send_code(
        self,
        turn: Turn,
        user: User,
        purpose: Purpose,
        channel: Channel,
        destination: str,
        step: Step,
        sent_text: str,
        **data: str,
    ) -> tuple[SendResult, list[Reply]]:
        """Issue a code and move to `step` to wait for it; if it did not go out, the step is unchanged
        and the reply says why (callers may say more, or move elsewhere)."""
        masked = mask(channel, destination)
        result = await self._codes.issue(turn.uow, user, purpose, channel, destination, turn.chat_id)
        if result.challenge is not None and result.sent:
            turn.deliveries.append(result.challenge)
            turn.conversation = turn.conversation.at(step, turn.now, result.challenge.id, to=masked, **data)
            return result, [Reply(sent_text.format(masked=shown_mask(masked)), code_buttons())]
        return result, [self.not_sent(result, masked, turn.now)]

    async def send_code_or_idle(
        self,
        turn: Turn,
        user: User,
        purpose: Purpose,
        channel: Channel,
        destination: str,
        step: Step,
        sent_text: str,
        **data: str,
    ) -> list[Reply]:
        """`send_code`, leaving the flow (idle) when the code did not go out."""
        result, replies = await self.send_code(
            turn, user, purpose, channel, destination, step, sent_text, **data
        )
        if not result.sent:
            turn.conversation = turn.conversation.idle(turn.now)
        return replies

    async def start_email_link(self, turn: Turn, text: str) -> list[Reply]:
        """Send a link code to the typed address if it is registered; the reply is the same either way."""
        try:
            email = normalise_email(text)
        except InvalidEmail as error:
            turn.conversation = turn.conversation.at(Step.LINK_EMAIL, turn.now)
            return [Reply(texts.NOT_AN_EMAIL.format(why=str(error).rstrip(".")))]
        user = await turn.uow.users.get_by_email(email)
        challenge_id = None
        if user is not None:
            result = await self._codes.issue(
                turn.uow, user, Purpose.LINK, Channel.EMAIL, user.email, turn.chat_id
            )
            if result.sent and result.challenge:
                challenge_id = result.challenge.id
                turn.deliveries.append(result.challenge)
        else:  # the same work in the step, so that the answer takes as long
            await no_account(turn.uow, self._codes, email, turn.chat_id, turn.now)
        stamp = turn.now.isoformat()
        turn.conversation = turn.conversation.at(
            Step.LINK_CODE,
            turn.now,
            challenge_id,
            to=mask_email(email),
            sent_at=stamp,
            last_sent=stamp,
            tries="0",
        )
        return [Reply(texts.LINK_CODE_SENT.format(email=email), code_buttons())]

    async def text(self, turn: Turn, text: str) -> list[Reply]:
        """A message typed at the code prompt: a code, an email (when linking), or something else."""
        conversation = turn.conversation
        if conversation.step is Step.LINK_CODE and "@" in text and normalise_typed_code(text) is None:
            return await self._on_email_typed(turn, text)
        if conversation.challenge_id is None:
            return self._decoy_text(turn, text)
        check = await self._codes.verify(turn.uow, conversation.challenge_id, text)
        outcome = check.result.outcome
        if outcome is VerifyOutcome.VERIFIED and check.challenge is not None:
            user = await turn.uow.users.get(check.challenge.user_id)
            if user is not None:
                return await self._on_verified(turn, check.challenge, user)
        if outcome is VerifyOutcome.NOT_A_CODE:
            return [self.reminder(turn)]
        if outcome is VerifyOutcome.LOCKED:  # not checked, not counted: the code stays for later
            return [Reply(texts.refusal(Refusal.LOCKED, check.result.retry_at, turn.now), code_buttons())]
        if outcome is VerifyOutcome.WRONG:
            left = check.result.attempts_left
            return [Reply(texts.code_wrong(left), code_buttons())]
        if outcome is VerifyOutcome.EXPIRED:
            return [Reply(texts.CODE_EXPIRED, expired_buttons())]
        turn.conversation = conversation.idle(turn.now)
        if outcome is VerifyOutcome.TOO_MANY_ATTEMPTS:
            return [Reply(texts.CODE_KILLED)]
        return [Reply(texts.CODE_NOT_ACTIVE)]

    async def button(self, turn: Turn, action: str) -> list[Reply]:
        """Resend (same code, after the cooldown) or New code (a fresh challenge, e.g. after expiry)."""
        conversation = turn.conversation
        masked = conversation.data.get("to", "")
        if conversation.challenge_id is None:
            return self._decoy_button(turn, action)
        challenge = await turn.uow.challenges.get(conversation.challenge_id)
        if challenge is None:
            turn.conversation = conversation.idle(turn.now)
            return [Reply(texts.CODE_KILLED)]
        if challenge.channel is Channel.TELEGRAM:  # a tap here is the proof: nothing to send
            return [Reply(texts_approval.NO_RESEND, confirm_buttons())]
        if not self._codes.delivers(challenge.channel):  # the person's app shows the code: nothing to send
            return [Reply(texts_app.APP_NO_RESEND, cancel_only())]
        if action == "newcode":
            user = await turn.uow.users.get(challenge.user_id)
            if user is None:
                turn.conversation = conversation.idle(turn.now)
                return [Reply(texts.CODE_KILLED)]
            destination = await destination_again(turn.uow, user, challenge)
            if destination is None:  # scrubbed, and typed by the person: asked for again
                await self._codes.cancel(turn.uow, challenge.id)
                return ask_again(turn, challenge)
            keep = {k: v for k, v in conversation.data.items() if k != "to"}
            result, replies = await self.send_code(
                turn,
                user,
                challenge.purpose,
                challenge.channel,
                destination,
                conversation.step,
                texts.CODE_NEW_SENT,
                **keep,
            )
            if result.sent:  # only now may the old code stop working
                await self._codes.cancel(turn.uow, challenge.id)
            return replies
        result = await self._codes.resend(turn.uow, challenge.id)
        if result.sent and result.challenge is not None:
            turn.deliveries.append(result.challenge)
            until = texts.clock_time(challenge.expires_at)
            return [Reply(texts.CODE_RESENT.format(masked=shown_mask(masked), until=until), code_buttons())]
        if result.decision is not None and result.decision.reason is Refusal.EXPIRED:
            return [Reply(texts.CODE_EXPIRED, expired_buttons())]
        return [replace(self.not_sent(result, masked, turn.now), buttons=code_buttons())]

    async def confirm(self, turn: Turn) -> list[Reply]:
        """Confirm tapped at a Telegram-approval prompt: in the chat the challenge was made for, the tap
        stands for its code (checked, counted and audited as a typed one)."""
        challenge_id = turn.conversation.challenge_id
        challenge = await turn.uow.challenges.get(challenge_id) if challenge_id else None
        code = self._codes.chat_code(challenge) if challenge is not None else None
        if challenge is None or code is None or challenge.destination != turn.chat_id:
            return [Reply(texts.STALE_BUTTON), self.reminder(turn)]
        return await self.text(turn, code)

    def reminder(self, turn: Turn) -> Reply:
        masked = turn.conversation.data.get("to", "you")
        if masked == APP:
            return Reply(texts_app.APP_REMINDER, cancel_only())
        if masked == TELEGRAM_CHAT:
            return Reply(texts_approval.REMINDER, confirm_buttons())
        return Reply(
            texts.CODE_REMINDER.format(digits=self._codes.policy.digits, masked=shown_mask(masked)),
            code_buttons(),
        )

    def undelivered(self, turn: Turn, challenge: Challenge, problem: DeliveryProblem) -> list[Reply]:
        """The gateway refused the code this chat's last step recorded. The caller put the conversation
        back where it was before that step; say why, in the words of where the code was going."""
        masked = mask(challenge.channel, challenge.destination)
        step = TYPED.get(challenge.purpose)
        if step is not None:  # a number or address just typed: type it again, or another
            proof = {k: v for k, v in turn.conversation.data.items() if k == "proof"}
            turn.conversation = turn.conversation.at(
                step, turn.now, None, method=challenge.channel.value, **proof
            )
            why = texts_twofa.NEW_UNDELIVERED[problem.value].format(masked=shown_mask(masked))
            buttons = ((other_method(challenge.channel), Button(texts.BUTTON_CANCEL, "cancel")),)
            return [Reply(f"{why} {texts_twofa.NEW_UNDELIVERED_TAIL}", buttons)]
        why = texts_twofa.CURRENT_UNDELIVERED[problem.value].format(masked=shown_mask(masked))
        if challenge.sends > 1:  # a resend: the code sent before is the same and still works
            return [Reply(f"{why} {texts_twofa.EARLIER_CODE_STANDS}", code_buttons())]
        turn.conversation = turn.conversation.idle(turn.now)
        return [Reply(f"{why} {texts_twofa.CURRENT_UNDELIVERED_TAIL}")]

    def not_sent(self, result: SendResult, masked: str, now: datetime) -> Reply:
        if result.status is SendStatus.UNDELIVERED:
            return Reply(texts.CODE_UNDELIVERED.format(masked=shown_mask(masked)))
        decision = result.decision
        return Reply(
            texts.refusal(decision.reason if decision else None, decision.retry_at if decision else None, now)
        )

    def _decoy_text(self, turn: Turn, text: str) -> list[Reply]:
        """Answer typed codes for an address with no account exactly as a real prompt would."""
        policy = self._codes.policy
        data = turn.conversation.data
        digits = normalise_typed_code(text)
        if digits is None or len(digits) != policy.digits:
            return [self.reminder(turn)]
        if turn.now >= datetime.fromisoformat(data["sent_at"]) + policy.lifetime:
            return [Reply(texts.CODE_EXPIRED, expired_buttons())]
        tries = int(data.get("tries", "0")) + 1
        left = policy.max_attempts - tries
        if left <= 0:
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts.CODE_KILLED)]
        turn.conversation = turn.conversation.at(
            turn.conversation.step, turn.now, None, **{**data, "tries": str(tries)}
        )
        return [Reply(texts.code_wrong(left), code_buttons())]

    def _decoy_button(self, turn: Turn, action: str) -> list[Reply]:
        policy = self._codes.policy
        data = dict(turn.conversation.data)
        masked = data.get("to", "")
        stamp = turn.now.isoformat()
        if action == "newcode":
            data.update(sent_at=stamp, last_sent=stamp, tries="0")
            turn.conversation = turn.conversation.at(turn.conversation.step, turn.now, None, **data)
            return [Reply(texts.CODE_NEW_SENT.format(masked=shown_mask(masked)), code_buttons())]
        expires_at = datetime.fromisoformat(data["sent_at"]) + policy.lifetime
        if turn.now >= expires_at:
            return [Reply(texts.CODE_EXPIRED, expired_buttons())]
        ready_at = datetime.fromisoformat(data["last_sent"]) + policy.resend_cooldown
        if turn.now < ready_at:
            return [Reply(texts.refusal(Refusal.COOLDOWN, ready_at, turn.now), code_buttons())]
        data["last_sent"] = stamp
        turn.conversation = turn.conversation.at(turn.conversation.step, turn.now, None, **data)
        return [
            Reply(
                texts.CODE_RESENT.format(masked=shown_mask(masked), until=texts.clock_time(expires_at)),
                code_buttons(),
            )
        ]
