"""Enable, change and disable 2FA in chat, with a code at every step.

- enable: choose SMS or email -> type the destination -> code to it -> on.
- change: code to the current destination -> choose the method -> new destination -> code to it -> changed.
  The old setting stays fully in force until the last code is verified.
- disable: confirm -> code to the current destination -> off.
A destination becomes active only as the destination of a verified challenge: nothing unverified is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from domain.accounts.lifecycle import Actor, Change, apply_change, describe, next_setting
from domain.chat.enrolment import set_up_app, set_up_approval
from domain.chat.turn import Turn
from domain.chat.verification import CodePrompt, cancel_only, confirm_buttons, other_method
from domain.core.challenge import Challenge, ChallengeStatus, Purpose
from domain.core.conversation_state import Step
from domain.core.destinations import mask, normalise_email, parse_phone
from domain.core.errors import AlreadyEnabled, InvalidEmail, InvalidPhone, NotEnabled, SmsNotAvailable
from domain.core.model import AuditEvent, AuditKind, Channel, TwoFactorSetting, User
from domain.core.replies import Button, Reply
from domain.proofs.codes import SendStatus
from domain.proofs.recovery_proof import is_recovery_proof, recovery_proof_holds
from domain.wording import texts, texts_actions, texts_app, texts_approval, texts_logins, texts_twofa
from domain.wording.texts_destinations import phone_refusal, shown_mask

SECRET_SHOWN = "secret_shown"  # conversation data: where the front-end showed an app's key
PROOF_LIFETIME = timedelta(minutes=15)  # how long a verified old-destination code allows the change


@dataclass(frozen=True)
class DestinationRules:
    """Where SMS codes may go: local input is read in `default_region`; SMS only in `sms_regions`. With
    `telegram_gateway`, a mobile number elsewhere is taken too: its codes go through Telegram's Gateway
    API only (`gateways/code_routes.py`), and one Telegram cannot reach gets the advice to use email."""

    default_region: str = "GB"
    sms_regions: frozenset[str] = frozenset({"GB"})
    telegram_gateway: bool = False


def method_buttons() -> tuple[tuple[Button, ...], ...]:
    return (
        (Button(texts_twofa.BUTTON_SMS, "method:sms"), Button(texts_twofa.BUTTON_EMAIL, "method:email")),
        (
            Button(texts_app.BUTTON_APP, "method:app"),
            Button(texts_approval.BUTTON_TELEGRAM, "method:telegram"),
        ),
        (Button(texts.BUTTON_CANCEL, "cancel"),),
    )


def status_buttons(setting: TwoFactorSetting) -> tuple[tuple[Button, ...], ...]:
    """The chat's "set up 2FA" banner when off; change and turn-off when on."""
    if not setting.enabled:
        return ((Button(texts_twofa.BUTTON_ENABLE, "enable"),),)
    return ((Button(texts_twofa.BUTTON_CHANGE, "change"), Button(texts_twofa.BUTTON_DISABLE, "disable")),)


class TwoFactorFlow:
    """The three 2FA flows of a linked user; every completed one goes through `apply_change`."""

    def __init__(self, prompt: CodePrompt, rules: DestinationRules) -> None:
        self._prompt = prompt
        self._rules = rules

    async def enable(self, turn: Turn, user: User) -> list[Reply]:
        setting = await turn.uow.two_factor.get(user.key)
        if setting.enabled:
            text = texts_twofa.ALREADY_ON.format(setting=describe(setting))
            return [Reply(text, status_buttons(setting))]
        turn.conversation = turn.conversation.at(Step.ENABLE_METHOD, turn.now)
        return [Reply(texts_twofa.ASK_METHOD, method_buttons())]

    async def change(self, turn: Turn, user: User) -> list[Reply]:
        setting = await turn.uow.two_factor.get(user.key)
        if setting.channel is None or setting.destination is None:
            return [Reply(texts_twofa.nothing_to("change"), status_buttons(setting))]
        return await self.code_to_current(
            turn, user, setting, Purpose.CHANGE_OLD, Step.CHANGE_OLD_CODE, texts_twofa.CHANGE_OLD_SENT
        )

    async def disable(self, turn: Turn, user: User) -> list[Reply]:
        setting = await turn.uow.two_factor.get(user.key)
        if setting.channel is None or setting.destination is None:
            return [Reply(texts_twofa.nothing_to("disable"), status_buttons(setting))]
        masked = mask(setting.channel, setting.destination)
        turn.conversation = turn.conversation.at(Step.DISABLE_CONFIRM, turn.now, None, to=masked)  # reminder
        buttons = (
            (
                Button(texts_twofa.BUTTON_CONFIRM_DISABLE, "disable:yes"),
                Button(texts_twofa.BUTTON_KEEP, "cancel"),
            ),
        )
        return [Reply(texts_twofa.CONFIRM_DISABLE.format(masked=shown_mask(masked)), buttons)]

    async def confirm_disable(self, turn: Turn, user: User) -> list[Reply]:
        setting = await turn.uow.two_factor.get(user.key)
        if setting.channel is None or setting.destination is None:
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts_twofa.nothing_to("disable"), status_buttons(setting))]
        return await self.code_to_current(
            turn, user, setting, Purpose.DISABLE, Step.DISABLE_CODE, texts_twofa.DISABLE_CODE_SENT
        )

    async def test(self, turn: Turn, user: User) -> list[Reply]:
        """`/test`: a code through the user's method, confirmed when typed back ("is my 2FA working?")."""
        setting = await turn.uow.two_factor.get(user.key)
        if setting.channel is None or setting.destination is None:
            return [Reply(texts_twofa.nothing_to("test"), status_buttons(setting))]
        return await self.code_to_current(
            turn, user, setting, Purpose.TEST, Step.TEST_CODE, texts_logins.TEST_CODE_SENT
        )

    async def choose_method(self, turn: Turn, channel: Channel) -> list[Reply]:
        """SMS or email chosen (by button or in words): ask for the number or address. The app: set it up."""
        if channel is Channel.APP:
            return await set_up_app(self._prompt, turn)
        if channel is Channel.TELEGRAM:
            return await set_up_approval(self._prompt, turn)
        step = (
            Step.CHANGE_DESTINATION
            if turn.conversation.step in (Step.CHANGE_METHOD, Step.CHANGE_DESTINATION)
            else (Step.ENABLE_DESTINATION)
        )
        data = {k: v for k, v in turn.conversation.data.items() if k == "proof"}
        turn.conversation = turn.conversation.at(step, turn.now, None, method=channel.value, **data)
        ask = texts_twofa.ASK_PHONE if channel is Channel.SMS else texts_twofa.ASK_EMAIL
        return [Reply(ask, ((other_method(channel), Button(texts.BUTTON_CANCEL, "cancel")),))]

    async def destination(self, turn: Turn, user: User, text: str) -> list[Reply]:
        """A typed number or address: validated, then a code goes to it (it is saved only once verified)."""
        conversation = turn.conversation
        channel = Channel(conversation.data.get("method", "email"))
        buttons = ((other_method(channel), Button(texts.BUTTON_CANCEL, "cancel")),)
        try:
            destination = self._phone(text) if channel is Channel.SMS else normalise_email(text)
        except SmsNotAvailable as error:
            return [Reply(texts_twofa.sms_not_available(error.region), buttons)]
        except InvalidPhone as error:
            return [Reply(texts_twofa.PHONE_REFUSED.format(why=phone_refusal(str(error))), buttons)]
        except InvalidEmail as error:
            return [Reply(texts_twofa.EMAIL_REFUSED.format(why=str(error).rstrip(".")), buttons)]
        current = await turn.uow.two_factor.get(user.key)
        if current.channel is channel and current.destination == destination:
            return [Reply(texts_twofa.SAME_DESTINATION, buttons)]
        changing = conversation.step is Step.CHANGE_DESTINATION
        purpose, step = (
            (Purpose.CHANGE_NEW, Step.CHANGE_NEW_CODE) if changing else (Purpose.ENABLE, Step.ENABLE_CODE)
        )
        sent_text = texts_twofa.CHANGE_NEW_SENT if changing else texts_twofa.ENABLE_CODE_SENT
        keep = {k: v for k, v in conversation.data.items() if k in ("proof", "method")}
        result, replies = await self._prompt.send_code(
            turn, user, purpose, channel, destination, step, sent_text, **keep
        )
        if result.status is SendStatus.UNDELIVERED and result.problem is not None:
            masked = mask(channel, destination)
            why = texts_twofa.NEW_UNDELIVERED[result.problem.value].format(masked=shown_mask(masked))
            return [Reply(f"{why} {texts_twofa.NEW_UNDELIVERED_TAIL}", buttons)]
        return replies

    def _phone(self, text: str) -> str:
        """The typed number (`parse_phone`); outside the SMS countries, only when Telegram may reach it."""
        try:
            return parse_phone(text, self._rules.default_region, self._rules.sms_regions)
        except SmsNotAvailable as error:
            if not self._rules.telegram_gateway:
                raise
            return parse_phone(text, self._rules.default_region, self._rules.sms_regions | {error.region})

    async def on_verified(self, turn: Turn, challenge: Challenge, user: User) -> list[Reply]:
        """A code of one of the flows was right: take the next step, or apply the change."""
        if turn.user is None or turn.user.id != user.id:
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts_twofa.LINK_FIRST)]
        if challenge.purpose is Purpose.CHANGE_OLD:
            current = await turn.uow.two_factor.get(user.key)
            turn.conversation = turn.conversation.at(Step.CHANGE_METHOD, turn.now, None, proof=challenge.id)
            ask = texts_twofa.ASK_NEW_METHOD.format(current=describe(current))
            return [Reply(ask, method_buttons())]
        if challenge.purpose is Purpose.TEST:
            turn.conversation = turn.conversation.idle(turn.now)
            await turn.uow.audit.add(
                AuditEvent(
                    at=turn.now,
                    kind=AuditKind.TWOFA_TESTED,
                    user_id=user.key,
                    chat_id=turn.chat_id,
                    actor=f"chat:{turn.chat_id}",
                )
            )
            if challenge.channel is Channel.APP:
                return [Reply(texts_app.TEST_PASSED_APP)]
            if challenge.channel is Channel.TELEGRAM:
                return [Reply(texts_approval.TEST_PASSED)]
            return [
                Reply(
                    texts_logins.TEST_PASSED.format(
                        masked=shown_mask(mask(challenge.channel, challenge.destination))
                    )
                )
            ]
        if challenge.purpose is Purpose.CHANGE_NEW and not await self._proof_holds(turn, user):
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts.CODE_NOT_ACTIVE)]
        change = {Purpose.ENABLE: Change.ENABLED, Purpose.CHANGE_NEW: Change.CHANGED}.get(
            challenge.purpose, Change.DISABLED
        )
        before = await turn.uow.two_factor.get(user.key)
        shown = turn.conversation.data.get(SECRET_SHOWN)  # where the app's key was shown, to delete it
        turn.conversation = turn.conversation.idle(turn.now)
        try:
            after = next_setting(before, change, turn.now, challenge.channel, challenge.destination)
        except (AlreadyEnabled, NotEnabled):
            return [Reply(texts_twofa.STATE_CHANGED + "\n" + describe(before), status_buttons(before))]
        actor = Actor(
            name=f"chat:{turn.chat_id}",
            chat_id=turn.chat_id,
            channel=partial(texts_actions.in_chat, turn.chat_id),
        )
        await apply_change(turn.uow, user, before, after, change, actor, turn.now)
        turn.recovery_due = change is Change.ENABLED  # the first set, made after the commit
        masked = mask(challenge.channel, challenge.destination)
        if challenge.channel is Channel.APP and change is not Change.DISABLED:
            done_app = texts_app.ENABLED_APP if change is Change.ENABLED else texts_app.CHANGED_APP
            text = f"{done_app}\n\n{texts_app.SECRET_DELETED}" if shown else done_app
            return [Reply(text, status_buttons(after), forget=(shown,) if shown else ())]
        if challenge.channel is Channel.TELEGRAM and change is not Change.DISABLED:
            done_here = texts_approval.ENABLED if change is Change.ENABLED else texts_approval.CHANGED
            return [Reply(done_here, status_buttons(after))]
        done = {
            Change.ENABLED: texts_twofa.ENABLED,
            Change.CHANGED: texts_twofa.CHANGED,
            Change.DISABLED: texts_twofa.DISABLED,
        }
        return [Reply(done[change].format(masked=shown_mask(masked)), status_buttons(after))]

    async def _proof_holds(self, turn: Turn, user: User) -> bool:
        """The change was opened by a verified code to the old destination, recently, by this user."""
        proof_id = turn.conversation.data.get("proof")
        if proof_id and is_recovery_proof(proof_id):  # a recovery code stood for that code
            return recovery_proof_holds(proof_id, turn.now, PROOF_LIFETIME)
        proof = await turn.uow.challenges.get(proof_id) if proof_id else None
        return (
            proof is not None
            and proof.user_id == user.key
            and proof.purpose is Purpose.CHANGE_OLD
            and proof.status is ChallengeStatus.VERIFIED
            and turn.now < proof.created_at + PROOF_LIFETIME
        )

    async def code_to_current(
        self, turn: Turn, user: User, setting: TwoFactorSetting, purpose: Purpose, step: Step, sent_text: str
    ) -> list[Reply]:
        """A code through the user's method (2FA on) for `purpose`, waited for at `step` (also used by
        `domain.recovery_chat`)."""
        assert setting.channel is not None and setting.destination is not None  # noqa: S101  (checked by callers)
        result, replies = await self._prompt.send_code(
            turn, user, purpose, setting.channel, setting.destination, step, sent_text
        )
        if result.sent and setting.channel is Channel.APP:  # nothing was sent: the app shows the code
            words = texts_app.APP_PURPOSES.get(purpose.value, "go on")
            return [Reply(texts_app.TYPE_APP_CODE.format(purpose=words), cancel_only())]
        if result.sent and setting.channel is Channel.TELEGRAM:  # a tap in the linked chat confirms
            if setting.destination != turn.chat_id:
                turn.conversation = turn.conversation.idle(turn.now)
                return [Reply(texts_approval.OTHER_CHAT)]
            words = texts_approval.PURPOSES.get(purpose.value, "go on")
            return [Reply(texts_approval.CONFIRM_HERE.format(purpose=words), confirm_buttons())]
        if result.sent:
            return replies
        turn.conversation = turn.conversation.idle(turn.now)
        if result.status is SendStatus.UNDELIVERED:
            masked = mask(setting.channel, setting.destination)
            return [Reply(texts_twofa.OLD_UNREACHABLE.format(masked=shown_mask(masked)))]
        return replies
