"""Issuing, resending and verifying one-time codes under the policy; every step is an audit event.

The service works inside the caller's unit of work: the challenge, the send log, the lockout and the
audit events are written in the same transaction as the conversation step that asked for them.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.core.challenge import Challenge, ChallengeStatus, Purpose, VerifyOutcome, VerifyResult
from domain.core.destinations import mask
from domain.core.model import AuditEvent, AuditKind, Channel, OutgoingEmail, OutgoingSms, User
from domain.core.otp import code_for, normalise_typed_code, token_hash
from domain.core.policy import Decision, OtpPolicy, Refusal
from domain.core.ports import (
    Clock,
    DeliveryError,
    DeliveryProblem,
    DeliveryRoute,
    EmailSender,
    Metrics,
    NoMetrics,
    SmsSender,
    TokenSource,
    UnitOfWork,
    UnitOfWorkFactory,
)
from domain.core.sources import LINK_PURPOSES, OWNER, SendKind, chat_source, kind_of
from domain.proofs.app_codes import AppCodes
from domain.proofs.factors import ChatApproval, factors
from domain.proofs.limits import SendLimits, warn_owner
from domain.wording import texts

# A code's send is cut at this deadline (every SMTP command, or the Twilio call, included); one recorded
# and not answered by the deadline and a margin was lost with its process, and any worker sends it.
SEND_DEADLINE = timedelta(seconds=20)
LEASE_MARGIN = timedelta(seconds=5)
DUE_BATCH = 20


AfterDelivery = Callable[[UnitOfWork], Awaitable[None]]


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
class Delivery:
    """What became of one code's send: why it failed, or which way it went (None: the channel's own)."""

    problem: DeliveryProblem | None = None
    route: DeliveryRoute | None = None


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
        self.send_deadline = send_deadline
        self.delivery_lease = send_deadline + LEASE_MARGIN  # a send still running is never taken twice

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

    async def deliver(
        self, uow_factory: UnitOfWorkFactory, challenge: Challenge, then: AfterDelivery | None = None
    ) -> DeliveryProblem | None:
        """`deliver_via`, saying only why the code could not be delivered (None: it went out)."""
        return (await self.deliver_via(uow_factory, challenge, then)).problem

    async def deliver_via(
        self, uow_factory: UnitOfWorkFactory, challenge: Challenge, then: AfterDelivery | None = None
    ) -> Delivery:
        """Send the code of a challenge `issue` or `resend` recorded, once their transaction committed: the
        gateway is called outside any transaction, and its answer (and the way the code went) is recorded
        in a short one of its own (with `then`'s writes when the code went out: what may only be said of
        a code that was sent)."""
        if not self.delivers(challenge.channel):
            return Delivery()  # the person's own app shows the code
        delivery = await self._send(challenge)
        async with uow_factory() as uow:
            await self._record_outcome(uow, challenge, delivery)
            if delivery.problem is None and then is not None:
                await then(uow)
            await uow.commit()
        return delivery

    async def deliver_due(self, uow_factory: UnitOfWorkFactory, limit: int = DUE_BATCH) -> int:
        """Send the codes whose process died between recording and delivering them (each worker runs this
        now and then); returns how many were attempted."""
        now = self._clock.now()
        async with uow_factory() as uow:
            due = await uow.challenges.due_for_delivery(now, limit)
            for challenge in due:  # taken for one lease, so no other worker sends it meanwhile
                await uow.challenges.save(challenge.awaiting_delivery(now + self.delivery_lease))
            await uow.commit()
        for challenge in due:
            await self.deliver(uow_factory, challenge)
        return len(due)

    async def _record_outcome(self, uow: UnitOfWork, challenge: Challenge, delivery: Delivery) -> None:
        problem = delivery.problem
        if problem is None:  # one UPDATE: the step's own transaction already wrote the audit event
            await uow.challenges.delivered(challenge.id)
            if delivery.route not in (None, DeliveryRoute.SMS):  # not the channel's own way: say which
                await self._audit(
                    uow,
                    AuditKind.CODE_DELIVERED_VIA,
                    challenge.user_id,
                    challenge.chat_id,
                    challenge=challenge.id[:6],
                    purpose=challenge.purpose.value,
                    via=str(delivery.route),
                )
            return
        details = {"purpose": challenge.purpose.value, "channel": challenge.channel.value}
        stored = await uow.challenges.get(challenge.id)
        if stored is not None and stored.status is ChallengeStatus.PENDING:
            # A first send that failed leaves no code; a failed resend leaves the code sent before.
            failed = stored.moved_to(ChallengeStatus.UNDELIVERED) if stored.sends <= 1 else stored
            await uow.challenges.save(replace(failed, delivery_due_at=None))
        await self._audit(
            uow,
            AuditKind.CODE_DELIVERY_FAILED,
            challenge.user_id,
            challenge.chat_id,
            problem=problem.value,
            **details,
        )

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

    async def _send(self, challenge: Challenge) -> Delivery:
        code = code_for(self._key, challenge.id, self.policy.digits)
        body = texts.code_message(challenge.purpose, code, self.policy.lifetime, challenge.channel)
        route = None
        try:
            async with asyncio.timeout(self.send_deadline.total_seconds()):
                if challenge.channel is Channel.SMS:
                    route = await self._sms.send_sms(OutgoingSms(challenge.destination, body, code))
                else:
                    subject = texts.code_subject(challenge.purpose, challenge.channel)
                    await self._email.send_email(OutgoingEmail(challenge.destination, subject, body))
        except (DeliveryError, TimeoutError) as error:
            self._metrics.increment("code_delivery_failures", channel=challenge.channel.value)
            problem = error.problem if isinstance(error, DeliveryError) else DeliveryProblem.UNAVAILABLE
            return Delivery(problem)
        self._metrics.increment("codes_sent", channel=challenge.channel.value)
        if route is not None:
            self._metrics.increment("code_routes", route=route.value)
        return Delivery(route=route)

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
        actor = f"chat:{chat_id}" if chat_id else "system"
        await uow.audit.add(
            AuditEvent(
                at=self._clock.now(),
                kind=kind,
                user_id=user_id,
                chat_id=chat_id,
                actor=actor,
                detail=dict(detail),
            )
        )
