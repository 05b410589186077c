"""Recovery codes in chat: a new set (`/newcodes`), and a code used by someone who lost their phone (`/lost`).

- New set: a code through the current method (any factor, the app included), then the set is made after
  the step's commit (`domain.recovery_issue`); the old set stops working then.
- Lost phone or 2FA email: a recovery code, then change the method (straight to the method buttons: the
  recovery code stands for the code to the old destination, `domain.recovery_proof`) or turn 2FA off.
  A wrong code counts toward the owner's lockout, as a wrong one-time code does; each use is emailed.

A chat alone never gets a set without a code from the current method: with the chat and no phone,
someone could otherwise mint codes and turn 2FA off with them. So "Get recovery codes" (none yet, or all
used) takes the same way as "New recovery codes".
"""

from __future__ import annotations

from functools import partial

from domain.accounts.lifecycle import Actor, Change, apply_change, next_setting
from domain.chat import faq
from domain.chat.turn import Turn
from domain.chat.twofa_flow import PROOF_LIFETIME, TwoFactorFlow, method_buttons, status_buttons
from domain.chat.verification import cancel_only
from domain.core.challenge import Purpose
from domain.core.conversation_state import Step
from domain.core.destinations import mask
from domain.core.model import TwoFactorSetting, User
from domain.core.policy import Refusal
from domain.core.ports import UnitOfWork
from domain.core.replies import Button, Reply
from domain.core.sources import OWNER
from domain.proofs.recovery import RecoveryCodes, RecoveryOutcome
from domain.proofs.recovery_proof import recovery_proof, recovery_proof_holds
from domain.wording import texts, texts_actions, texts_recovery, texts_twofa
from domain.wording.texts_destinations import shown_mask

CHOICE = "recovered"  # the buttons after a recovery code: `recovered:change`, `recovered:off`


def choice_buttons() -> tuple[tuple[Button, ...], ...]:
    """After a recovery code: change the method, turn 2FA off, or cancel (labelled when shown)."""
    return (
        (
            Button(texts_recovery.BUTTON_CHANGE_METHOD, f"{CHOICE}:change"),
            Button(texts_recovery.BUTTON_TURN_OFF, f"{CHOICE}:off"),
        ),
        (Button(texts.BUTTON_CANCEL, "cancel"),),
    )


async def status_part(
    uow: UnitOfWork, user: User, setting: TwoFactorSetting, recovery: RecoveryCodes | None
) -> tuple[list[str], tuple[tuple[Button, ...], ...]]:
    """/status's recovery-code line and button row, while 2FA is on (nothing otherwise)."""
    if recovery is None or not setting.enabled:
        return [], ()
    left = await recovery.remaining(uow, user)
    label = texts_recovery.BUTTON_NEW_CODES if left else texts_recovery.BUTTON_GET_CODES
    return [texts_recovery.status_line(left)], ((Button(label, "newcodes"),),)


class RecoveryChat:
    """The two recovery-code flows of a linked chat."""

    def __init__(self, recovery: RecoveryCodes | None, twofa: TwoFactorFlow) -> None:
        self._recovery = recovery
        self._twofa = twofa

    async def new_codes(self, turn: Turn, user: User) -> list[Reply]:
        """`/newcodes` (or the /status button): a code through the current method first."""
        setting = await turn.uow.two_factor.get(user.key)
        if self._recovery is None or setting.channel is None or setting.destination is None:
            return [Reply(texts_twofa.ALREADY_OFF_CODES, status_buttons(setting))]
        return await self._twofa.code_to_current(
            turn, user, setting, Purpose.RECOVERY_CODES, Step.NEW_CODES_CODE, texts_recovery.NEW_CODES_SENT
        )

    async def on_code(self, turn: Turn, user: User) -> list[Reply]:
        """The code for a new set was right: the set is made and shown once the step committed."""
        turn.conversation = turn.conversation.idle(turn.now)
        turn.recovery_due = True
        return [Reply(texts_recovery.NEW_CODES_VERIFIED)]

    async def lost(self, turn: Turn, user: User) -> list[Reply]:
        """`/lost` (or the lost-access answer's button): ask for a recovery code, if there are any."""
        setting = await turn.uow.two_factor.get(user.key)
        if not setting.enabled:
            return [Reply(texts_recovery.OFF_NOTHING_TO_RECOVER, status_buttons(setting))]
        if self._recovery is None or not await self._recovery.remaining(turn.uow, user):
            return [Reply(texts_recovery.NONE_LEFT, (faq.REQUEST, faq.SUPPORT))]
        turn.conversation = turn.conversation.at(Step.LOST_CODE, turn.now)
        return [Reply(texts_recovery.ASK_RECOVERY_CODE, cancel_only())]

    async def typed(self, turn: Turn, user: User, text: str) -> list[Reply]:
        """A recovery code typed at `Step.LOST_CODE`. One scrypt run checks it, in a worker thread, inside
        the step's transaction (on SQLite, other steps of the process wait those tens of milliseconds)."""
        if self._recovery is None:
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts_recovery.NONE_LEFT, (faq.REQUEST, faq.SUPPORT))]
        used = await self._recovery.use(turn.uow, user, text, turn.now, OWNER, turn.chat_id)
        if used.ok:
            turn.conversation = turn.conversation.at(
                Step.LOST_CHOICE, turn.now, None, proof=recovery_proof(turn.now)
            )
            left = texts_recovery.remaining_line(used.remaining)
            return [Reply(texts_recovery.RECOVERED.format(left=left), choice_buttons())]
        if used.outcome is RecoveryOutcome.NOT_A_CODE:
            return await self.ask_code(turn)
        locked = texts.refusal(Refusal.LOCKED, used.retry_at, turn.now) if used.retry_at else ""
        if used.outcome is RecoveryOutcome.LOCKED:
            return [Reply(locked, cancel_only())]
        return [Reply(f"{texts_recovery.CODE_WRONG} {locked}".rstrip(), cancel_only())]

    async def choice(self, turn: Turn, user: User, argument: str) -> list[Reply]:
        """After a recovery code: `change` the method (the change flow, its first code done) or turn 2FA
        `off`, within the time a code to the old destination would allow."""
        proof = turn.conversation.data.get("proof", "")
        if not recovery_proof_holds(proof, turn.now, PROOF_LIFETIME):
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts_recovery.CHOICE_TOO_LATE)]
        before = await turn.uow.two_factor.get(user.key)
        if before.channel is None or before.destination is None:
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts_twofa.STATE_CHANGED + "\n" + texts_twofa.nothing_to("disable"))]
        if argument == "change":
            turn.conversation = turn.conversation.at(Step.CHANGE_METHOD, turn.now, None, proof=proof)
            return [Reply(texts_recovery.CHOOSE_NEW_METHOD, method_buttons())]
        if argument != "off":
            return await self.ask_choice(turn)
        turn.conversation = turn.conversation.idle(turn.now)
        after = next_setting(before, Change.DISABLED, turn.now)
        actor = Actor(f"chat:{turn.chat_id}", turn.chat_id, partial(texts_actions.in_chat, turn.chat_id))
        extra = texts_recovery.NOTICE_BY_RECOVERY_CODE
        await apply_change(turn.uow, user, before, after, Change.DISABLED, actor, turn.now, extra)
        masked = mask(before.channel, before.destination)
        return [Reply(texts_twofa.DISABLED.format(masked=shown_mask(masked)), status_buttons(after))]

    async def ask_code(self, turn: Turn) -> list[Reply]:
        return [Reply(texts_recovery.ASK_RECOVERY_CODE, cancel_only())]

    async def ask_choice(self, turn: Turn) -> list[Reply]:
        return [Reply(texts_recovery.CHOICE_AGAIN, choice_buttons())]
