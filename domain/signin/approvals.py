"""Sign-ins approved in the linked Telegram chat, with number matching.

The login page shows a two-digit number; the chat gets "which number does your screen show?" with three
number buttons (one right), "This wasn't me" and "Send me a code instead". The right number approves the
login, once; a wrong number or "This wasn't me" refuses it, counts toward the lockout as a wrong code
would, and runs the "was this you?" path (devices forgotten, codes blocked a while, an email). The state
is a row (`LoginApproval`) decided by a conditional update, so any worker can take the tap and a second
tap changes nothing. A question nobody answers expires (`ApprovalPolicy.lifetime`); its message is then
replaced by the expiry, and a late tap is answered "expired", never approved.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.core.approval_state import ApprovalStatus, LoginApproval
from domain.core.challenge import Challenge, ChallengeStatus
from domain.core.model import ChatMessage, LoginAttempt, User
from domain.core.ports import Clock, TokenSource, UnitOfWork, UnitOfWorkFactory
from domain.core.replies import Reply
from domain.core.useragent import describe
from domain.proofs.codes import CodeService
from domain.signin.login_watch import LoginWatch
from domain.wording import texts, texts_approval, texts_logins

BATCH = 100


@dataclass(frozen=True)
class ApprovalPolicy:
    lifetime: timedelta = timedelta(minutes=2)
    service: str = "twofa-assistant"  # the name the question gives the site being signed in to


def pick_numbers(token: str) -> tuple[str, tuple[str, ...]]:
    """(the number to show, the three buttons in order) from a random token: distinct numbers 10-99,
    the right one at a random place."""
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    numbers: list[str] = []
    for byte in raw[1:]:
        number = str(10 + byte % 90)
        if number not in numbers:
            numbers.append(number)
        if len(numbers) == 3:
            break
    if len(numbers) < 3:  # not with 12 random bytes, in practice
        numbers += [n for n in ("27", "54", "81") if n not in numbers][: 3 - len(numbers)]
    right = numbers[0]
    place = raw[0] % 3
    others = numbers[1:]
    choices = (*others[:place], right, *others[place:])
    return right, choices


def _where(attempt: LoginAttempt | None) -> str:
    if attempt is None:
        return "an unknown device"
    return describe(attempt.user_agent) + (f", IP {attempt.ip}" if attempt.ip else "")


class Approvals:
    """Asking in the chat, taking the tap, and expiring questions nobody answered."""

    def __init__(
        self, policy: ApprovalPolicy, codes: CodeService, watch: LoginWatch, tokens: TokenSource, clock: Clock
    ) -> None:
        self.policy = policy
        self._codes = codes
        self._watch = watch
        self._tokens = tokens
        self._clock = clock

    def _words(self, attempt: LoginAttempt | None, approval: LoginApproval) -> dict[str, str]:
        when = attempt.created_at if attempt is not None else approval.created_at
        return {"service": self.policy.service, "where": _where(attempt), "time": texts.clock_time(when)}

    async def ask(
        self, uow: UnitOfWork, attempt: LoginAttempt, challenge: Challenge, now: datetime
    ) -> LoginApproval:
        """Record the question and queue it for the chat (sent after the commit by the chat outbox)."""
        number, choices = pick_numbers(self._tokens.token(12))
        approval = LoginApproval(
            attempt.id,
            attempt.user_id,
            challenge.destination,
            number,
            choices,
            now,
            now + self.policy.lifetime,
        )
        await uow.approvals.add(approval)
        data = f"apv:{attempt.id}:"
        buttons = (
            tuple((choice, data + choice) for choice in choices),
            ((texts_approval.BUTTON_NOT_ME, data + "no"),),
            ((texts_approval.BUTTON_CODE_INSTEAD, data + "code"),),
        )
        text = texts_approval.QUESTION.format(**self._words(attempt, approval))
        await uow.chat_outbox.add(
            ChatMessage(None, approval.chat_id, text, buttons, now, key=approval.message_key())
        )
        return approval

    async def tapped(
        self, uow: UnitOfWork, user: User, chat_id: str, argument: str, now: datetime
    ) -> list[Reply]:
        """A button of a question: `<login id>:<number>`, `<login id>:no` or `<login id>:code`. The first
        reply replaces the question (`Reply.edit`)."""
        login_id, _, answer = argument.rpartition(":")
        approval = await uow.approvals.get(login_id)
        if approval is None or approval.user_id != user.key or approval.chat_id != chat_id:
            return [Reply(texts_logins.LOGIN_NOT_YOURS)]
        attempt = await uow.logins.get(login_id)
        words = self._words(attempt, approval)
        if approval.status is not ApprovalStatus.PENDING:
            return [Reply(self._outcome(approval, words), edit=True), Reply(texts_approval.ALREADY)]
        challenge = (
            await uow.challenges.get(attempt.challenge_id) if attempt and attempt.challenge_id else None
        )
        live = (
            challenge is not None
            and challenge.status is ChallengeStatus.PENDING
            and not challenge.is_expired(now)
        )
        if challenge is None or not live or (now >= approval.expires_at and answer != "code"):
            if not approval.code_sent or not live:
                await uow.approvals.decide(
                    replace(approval, status=ApprovalStatus.EXPIRED, decided_at=now), approval.status
                )
            return [Reply(texts_approval.EXPIRED.format(**words), edit=True)]
        if answer == "code":
            return await self._code_instead(uow, approval, challenge, words)
        if answer == approval.number:
            approved = replace(approval, status=ApprovalStatus.APPROVED, decided_at=now, approved_by="number")
            if not await uow.approvals.decide(approved, ApprovalStatus.PENDING):
                return [Reply(texts_approval.ALREADY)]
            code = self._codes.chat_code(challenge)
            await self._codes.verify(uow, challenge.id, code or "")  # verified and audited as a code would be
            return [Reply(texts_approval.APPROVED.format(**words), edit=True)]
        denied = replace(approval, status=ApprovalStatus.DENIED, decided_at=now)
        if not await uow.approvals.decide(denied, ApprovalStatus.PENDING):
            return [Reply(texts_approval.ALREADY)]
        await self._codes.count_refusal(uow, challenge, "wrong_number" if answer != "no" else "not_me")
        secured = await self._watch.deny(uow, user, login_id, chat_id, now)
        first = texts_approval.DENIED_NOT_ME if answer == "no" else texts_approval.DENIED_WRONG
        return [Reply(first.format(**words), edit=True), Reply(secured)]

    async def _code_instead(
        self, uow: UnitOfWork, approval: LoginApproval, challenge: Challenge, words: dict[str, str]
    ) -> list[Reply]:
        """The code of the login's challenge, shown in this chat to be typed on the page (never kept)."""
        code = self._codes.chat_code(challenge)
        if code is None:
            return [Reply(texts.STALE_BUTTON)]
        if not approval.code_sent:
            await uow.approvals.decide(replace(approval, code_sent=True), ApprovalStatus.PENDING)
        question = texts_approval.QUESTION.format(**words).split("\n\n")[0]
        shown = texts_approval.CODE_INSTEAD.format(
            service=self.policy.service, code=code, until=texts.clock_time(challenge.expires_at)
        )
        return [
            Reply(f"{question}\n\n{texts_approval.CODE_INSTEAD_SHOWN}", edit=True),
            Reply(shown, secret=True, kept_as=texts_approval.CODE_NOT_KEPT),
        ]

    def _outcome(self, approval: LoginApproval, words: dict[str, str]) -> str:
        if approval.status is ApprovalStatus.APPROVED:
            return texts_approval.APPROVED.format(**words)
        if approval.status is ApprovalStatus.DENIED:
            return texts_approval.DENIED_NOT_ME.format(**words)
        return texts_approval.EXPIRED.format(**words)

    async def expire_due(self, uow_factory: UnitOfWorkFactory) -> int:
        """Mark the questions nobody answered in time expired, and replace each message by the expiry."""
        now = self._clock.now()
        async with uow_factory() as uow:
            overdue = await uow.approvals.overdue(now, BATCH)
            expired = 0
            for approval in overdue:
                gone = replace(approval, status=ApprovalStatus.EXPIRED, decided_at=now)
                if not await uow.approvals.decide(gone, ApprovalStatus.PENDING):
                    continue
                attempt = await uow.logins.get(approval.login_id)
                text = texts_approval.EXPIRED.format(**self._words(attempt, approval))
                await uow.chat_outbox.add(
                    ChatMessage(None, approval.chat_id, text, (), now, edits=approval.message_key())
                )
                expired += 1
            await uow.commit()
        return expired


class ApprovalSweeper:
    """The delivery loop's chore: expire the questions nobody answered (`Approvals.expire_due`)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, approvals: Approvals) -> None:
        self._uow_factory = uow_factory
        self._approvals = approvals

    async def run_once(self) -> int:
        return await self._approvals.expire_due(self._uow_factory)
