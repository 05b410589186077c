"""Issuing, resending and verifying one-time codes under the policy; every step is an audit event.

The service works inside the caller's unit of work: the challenge, the send log, the lockout and the
audit events are written in the same transaction as the conversation step that asked for them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.core.challenge import Challenge, ChallengeStatus, Purpose, VerifyOutcome, VerifyResult
from domain.core.destinations import mask
from domain.core.model import AuditKind, Channel, User
from domain.core.otp import normalise_typed_code, token_hash
from domain.core.policy import Decision, OtpPolicy, Refusal
from domain.core.ports import (
    Clock,
    DeliveryProblem,
    EmailSender,
    Metrics,
    NoMetrics,
    SmsSender,
    TokenSource,
    UnitOfWork,
)
from domain.core.sources import LINK_PURPOSES, OWNER, SendKind, chat_source, kind_of
from domain.proofs.app_codes import AppCodes
from domain.proofs.code_sending import SEND_DEADLINE, CodeSender, audit
from domain.proofs.factors import ChatApproval, factors
from domain.proofs.limits import SendLimits, warn_owner


class SendStatus(enum.StrEnum):
    SENT = "sent"
    REFUSED = "refused"
    UNDELIVERED = "undelivered"


@dataclass(frozen=True)
class SendResult:
    status: SendStatus
    challenge: Challenge | None = None
    decision: Decision | None = None  # why it was refused
    problem: DeliveryProblem | None = None  # why it could not be delivered

    @property
    def sent(self) -> bool:
        return self.status is SendStatus.SENT


@dataclass(frozen=True)
class CodeCheck:
    """`challenge` is the caller's copy and keeps its destination in clear: a verified enable or change
    saves it as the 2FA setting. What is stored holds only its mask once it left pending."""

    result: VerifyResult
    challenge: Challenge | None


class CodeService:
    """The one-time-code rules every flow uses (link, enable, change, disable, login)."""

    def __init__(
        self,
        policy: OtpPolicy,
        server_key: bytes,
        clock: Clock,
        tokens: TokenSource,
        email: EmailSender,
        sms: SmsSender,
        metrics: Metrics | None = None,
        send_deadline: timedelta = SEND_DEADLINE,
        app: AppCodes | None = None,
    ) -> None:
        self.policy = policy
        self.factors = factors(server_key, policy.digits, app)  # domain.factors: SMS, email, the app
        self.app = app  # enrols authenticator apps (None: the app is not offered)
        self._metrics = metrics or NoMetrics()
        self._key = server_key
        self._clock = clock
        self._tokens = tokens
        self._email = email
        self._sms = sms
        self._limits = SendLimits(policy, self.destination_key)
        sender = CodeSender(
            policy, server_key, clock, email, sms, self._metrics, self.delivers, send_deadline
        )
        self.send_deadline, self.delivery_lease = sender.send_deadline, sender.delivery_lease
        # after the step's commit (`domain.proofs.code_sending`): to the gateway, then what became of it
        self.deliver, self.deliver_via, self.deliver_due = (
            sender.deliver,
            sender.deliver_via,
            sender.deliver_due,
        )

    def destination_key(self, destination: str) -> str:
        """An HMAC standing for a destination in the send log, so the log holds no address or number."""
        return token_hash(self._key, "destination:" + destination)

    async def allowed(self, uow: UnitOfWork, user_id: int, destination: str, source: str = OWNER) -> Decision:
        """May a code asked for by `source` go to `destination` now? (`domain.limits`)"""
        return await self._limits.allowed(uow, user_id, destination, source, self._clock.now())

    async def issue(
        self,
        uow: UnitOfWork,
        user: User,
        purpose: Purpose,
        channel: Channel,
        destination: str,
        chat_id: str | None = None,
        source: str = OWNER,
    ) -> SendResult:
        """Create a challenge and send its code, unless the policy refuses; failures are not counted.

        Codes that link a chat are always counted as the asking chat's (`domain.sources`), whatever `source`.
        """
        now = self._clock.now()
        if purpose in LINK_PURPOSES:
            source = chat_source(chat_id or "")
        factor = self.factors.get(channel)
        if factor is None:  # e.g. an app setting on a deployment that no longer offers the app
            return SendResult(SendStatus.UNDELIVERED, problem=DeliveryProblem.UNAVAILABLE)
        decision = await self.allowed(uow, user.key, destination, source)
        if not decision.allowed:
            await self._audit(
                uow,
                AuditKind.CODE_REFUSED,
                user.key,
                chat_id,
                purpose=purpose.value,
                reason=decision.reason.value if decision.reason else None,
                by=kind_of(source).value,
            )
            if kind_of(source) is SendKind.LINK and decision.reason is not Refusal.LOCKED:
                await warn_owner(uow, user.key, source, now)
            return SendResult(SendStatus.REFUSED, decision=decision)
        challenge = Challenge(
            id=self._tokens.token(18),
            user_id=user.key,
            purpose=purpose,
            channel=channel,
            destination=destination,
            created_at=now,
            expires_at=now + self.policy.lifetime,
            last_sent_at=now,
            chat_id=chat_id,
            source=source,
            delivery_due_at=now + self.delivery_lease if factor.delivers else None,
        )
        await uow.challenges.add(challenge)
        if factor.counts_sends:  # an app's code is not sent: nothing to count against the send limits
            await self._limits.record(uow, challenge, now)  # counted now: whatever the gateway says later
            await self._audit_issued(uow, challenge)
        return SendResult(SendStatus.SENT, challenge=challenge)

    async def resend(self, uow: UnitOfWork, challenge_id: str) -> SendResult:
        """Send the same code again after the cooldown; the expiry stays where it was."""
        now = self._clock.now()
        challenge = await uow.challenges.get(challenge_id)
        if challenge is None:
            return SendResult(SendStatus.REFUSED, decision=Decision(False, None))
        decision = challenge.resend_allowed(self.policy, now)
        if not self.delivers(challenge.channel):
            decision = Decision(False, Refusal.NOTHING_TO_SEND)
        if decision.allowed:
            decision = await self.allowed(uow, challenge.user_id, challenge.destination, challenge.source)
        if not decision.allowed:
            return SendResult(SendStatus.REFUSED, challenge=challenge, decision=decision)
        challenge = challenge.resent(now).awaiting_delivery(now + self.delivery_lease)
        await uow.challenges.save(challenge)
        await self._limits.record(uow, challenge, now)
        await self._audit_issued(uow, challenge)
        return SendResult(SendStatus.SENT, challenge=challenge)

    async def verify(self, uow: UnitOfWork, challenge_id: str, typed: str) -> CodeCheck:
        """Check a typed code, counting wrong ones against the challenge and the user's lockout."""
        now = self._clock.now()
        challenge = await uow.challenges.get(challenge_id)
        if challenge is None:
            return CodeCheck(VerifyResult(VerifyOutcome.NOT_PENDING), None)
        counted = None  # the lockout this challenge's wrong codes count against, read once
        if challenge.status is ChallengeStatus.PENDING and not challenge.is_expired(now):
            owner, counted = await self._limits.lockouts(uow, challenge.user_id, challenge.source)
            until = self._limits.until(owner, counted, now)
            if until is not None:  # a lockout stops guessing at codes already sent, too
                return CodeCheck(VerifyResult(VerifyOutcome.LOCKED, retry_at=until), challenge)
        checked, result = await self._check(uow, challenge, typed, now)
        self._metrics.increment("verifications", outcome=result.outcome.value)
        if checked != challenge:
            await uow.challenges.save(checked)
        user_id, chat_id = challenge.user_id, challenge.chat_id
        if result.outcome is VerifyOutcome.VERIFIED:
            if counted is not None:  # always read: only a pending, unexpired challenge verifies
                await self._limits.succeeded(uow, counted)
            await self._audit(uow, AuditKind.CODE_VERIFIED, user_id, chat_id, purpose=challenge.purpose.value)
        elif result.counted and counted is not None:
            before, after = counted, await self._limits.failed(uow, counted, now)
            kind = (
                AuditKind.CHALLENGE_KILLED
                if result.outcome is VerifyOutcome.TOO_MANY_ATTEMPTS
                else (AuditKind.CODE_FAILED)
            )
            await self._audit(
                uow,
                kind,
                user_id,
                chat_id,
                purpose=challenge.purpose.value,
                attempts_left=result.attempts_left,
            )
            if after.locked_until is not None and after.locked_until != before.locked_until:
                stranger = kind_of(challenge.source) is not SendKind.OWNER
                await self._audit(
                    uow,
                    AuditKind.SOURCE_LOCKED if stranger else AuditKind.USER_LOCKED,
                    user_id,
                    chat_id,
                    until=after.locked_until.isoformat(),
                    failures=after.consecutive_failures,
                    **({"by": kind_of(challenge.source).value} if stranger else {}),
                )
                if stranger:
                    await warn_owner(uow, user_id, challenge.source, now)
        return CodeCheck(result, replace(checked, destination=challenge.destination))

    async def _check(
        self, uow: UnitOfWork, challenge: Challenge, typed: str, now: datetime
    ) -> tuple[Challenge, VerifyResult]:
        """The typed code compared by the challenge's factor, unless the challenge refuses it first."""
        early = challenge.unchecked(self.policy, typed, now)
        if early is not None:
            return challenge, early
        factor = self.factors.get(challenge.channel)
        if factor is None:  # a factor this deployment no longer offers checks nothing
            return challenge, VerifyResult(VerifyOutcome.NOT_PENDING)
        matched = await factor.matches(uow, challenge, normalise_typed_code(typed) or "", now)
        return challenge.judged(self.policy, matched)

    async def count_refusal(self, uow: UnitOfWork, challenge: Challenge, how: str) -> None:
        """A sign-in refused in the linked chat (a wrong number, "This wasn't me"): one failure toward the
        lockout the challenge's source counts against, as a wrong code would be, audited with `how`."""
        _, counted = await self._limits.lockouts(uow, challenge.user_id, challenge.source)
        await self._limits.failed(uow, counted, self._clock.now())
        await self._audit(
            uow, AuditKind.CODE_FAILED, challenge.user_id, None, purpose=challenge.purpose.value, by=how
        )

    def chat_code(self, challenge: Challenge) -> str | None:
        """The code of a challenge answered in the linked chat (Telegram approval), to show there or to
        stand for a tap on Confirm; None for any other factor, whose code is never computed but to send."""
        factor = self.factors.get(challenge.channel)
        return factor.code(challenge) if isinstance(factor, ChatApproval) else None

    def delivers(self, channel: Channel) -> bool:
        """Whether codes of `channel` are sent (SMS, email) rather than shown by the person's app."""
        factor = self.factors.get(channel)
        return factor is not None and factor.delivers

    async def cancel(self, uow: UnitOfWork, challenge_id: str | None) -> None:
        """Retire a pending challenge (flow cancelled or replaced) so its code no longer works."""
        if challenge_id is None:
            return
        challenge = await uow.challenges.get(challenge_id)
        if challenge is not None and challenge.status is ChallengeStatus.PENDING:
            await uow.challenges.save(challenge.moved_to(ChallengeStatus.CANCELLED))

    async def _audit_issued(self, uow: UnitOfWork, challenge: Challenge) -> None:
        """`code_sent` / `code_resent`: a code issued (and counted) for delivery after the commit; a
        `code_delivery_failed` follows when its gateway refuses it."""
        await self._audit(
            uow,
            AuditKind.CODE_SENT if challenge.sends <= 1 else AuditKind.CODE_RESENT,
            challenge.user_id,
            challenge.chat_id,
            challenge=challenge.id[:6],
            sends=challenge.sends,
            purpose=challenge.purpose.value,
            channel=challenge.channel.value,
            to=mask(challenge.channel, challenge.destination),
        )

    async def _audit(
        self, uow: UnitOfWork, kind: AuditKind, user_id: int | None, chat_id: str | None, **detail: object
    ) -> None:
        await audit(uow, self._clock, kind, user_id, chat_id, **detail)
