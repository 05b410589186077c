"""Issuing, resending and verifying one-time codes under the policy; every step is an audit event.

The service works inside the caller's unit of work: the challenge, the send log, the lockout and the
audit events are written in the same transaction as the conversation step that asked for them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from domain import texts
from domain.challenge import Challenge, ChallengeStatus, Purpose, VerifyOutcome, VerifyResult
from domain.destinations import mask
from domain.model import AuditEvent, AuditKind, Channel, Lockout, OutgoingEmail, OutgoingSms, User
from domain.otp import code_for, token_hash
from domain.policy import Decision, OtpPolicy, lockout_after_failure, lockout_after_success, send_allowed
from domain.ports import (
    Clock,
    DeliveryError,
    DeliveryProblem,
    EmailSender,
    Metrics,
    NoMetrics,
    SmsSender,
    TokenSource,
    UnitOfWork,
)


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
    ) -> None:
        self.policy = policy
        self._metrics = metrics or NoMetrics()
        self._key = server_key
        self._clock = clock
        self._tokens = tokens
        self._email = email
        self._sms = sms

    def destination_key(self, destination: str) -> str:
        """An HMAC standing for a destination in the send log, so the log holds no address or number."""
        return token_hash(self._key, "destination:" + destination)

    async def allowed(self, uow: UnitOfWork, user_id: int | None, destination: str) -> Decision:
        """May a code go to `destination` now? (`user_id` None: an unknown account, limits by destination.)"""
        now = self._clock.now()
        policy = self.policy
        dest_sends = await uow.send_log.destination_sends_since(
            self.destination_key(destination), now - policy.destination_window
        )
        if user_id is None:
            return send_allowed(policy, Lockout(user_id=0), [], dest_sends, now)
        lockout = await uow.lockouts.get(user_id)
        user_sends = await uow.send_log.user_sends_since(user_id, now - policy.user_window)
        return send_allowed(policy, lockout, user_sends, dest_sends, now)

    async def issue(
        self,
        uow: UnitOfWork,
        user: User,
        purpose: Purpose,
        channel: Channel,
        destination: str,
        chat_id: str | None = None,
    ) -> SendResult:
        """Create a challenge and send its code, unless the policy refuses; failures are not counted."""
        now = self._clock.now()
        decision = await self.allowed(uow, user.key, destination)
        if not decision.allowed:
            await self._audit(
                uow,
                AuditKind.CODE_REFUSED,
                user.key,
                chat_id,
                purpose=purpose.value,
                reason=decision.reason.value if decision.reason else None,
            )
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
        )
        problem = await self._deliver(challenge)
        details = {"purpose": purpose.value, "channel": channel.value, "to": mask(channel, destination)}
        if problem is not None:
            await uow.challenges.add(challenge.moved_to(ChallengeStatus.UNDELIVERED))
            await self._audit(
                uow, AuditKind.CODE_DELIVERY_FAILED, user.key, chat_id, problem=problem.value, **details
            )
            return SendResult(SendStatus.UNDELIVERED, problem=problem)
        await uow.challenges.add(challenge)
        await uow.send_log.record(user.key, self.destination_key(destination), now)
        await self._audit(uow, AuditKind.CODE_SENT, user.key, chat_id, challenge=challenge.id[:6], **details)
        return SendResult(SendStatus.SENT, challenge=challenge)

    async def resend(self, uow: UnitOfWork, challenge_id: str) -> SendResult:
        """Send the same code again after the cooldown; the expiry stays where it was."""
        now = self._clock.now()
        challenge = await uow.challenges.get(challenge_id)
        if challenge is None:
            return SendResult(SendStatus.REFUSED, decision=Decision(False, None))
        decision = challenge.resend_allowed(self.policy, now)
        if decision.allowed:
            decision = await self.allowed(uow, challenge.user_id, challenge.destination)
        if not decision.allowed:
            return SendResult(SendStatus.REFUSED, challenge=challenge, decision=decision)
        problem = await self._deliver(challenge)
        if problem is not None:
            await self._audit(
                uow,
                AuditKind.CODE_DELIVERY_FAILED,
                challenge.user_id,
                challenge.chat_id,
                problem=problem.value,
                purpose=challenge.purpose.value,
            )
            return SendResult(SendStatus.UNDELIVERED, challenge=challenge, problem=problem)
        challenge = challenge.resent(now)
        await uow.challenges.save(challenge)
        await uow.send_log.record(challenge.user_id, self.destination_key(challenge.destination), now)
        await self._audit(
            uow,
            AuditKind.CODE_RESENT,
            challenge.user_id,
            challenge.chat_id,
            challenge=challenge.id[:6],
            sends=challenge.sends,
        )
        return SendResult(SendStatus.SENT, challenge=challenge)

    async def verify(self, uow: UnitOfWork, challenge_id: str, typed: str) -> CodeCheck:
        """Check a typed code, counting wrong ones against the challenge and the user's lockout."""
        now = self._clock.now()
        challenge = await uow.challenges.get(challenge_id)
        if challenge is None:
            return CodeCheck(VerifyResult(VerifyOutcome.NOT_PENDING), None)
        expected = code_for(self._key, challenge.id, self.policy.digits)
        checked, result = challenge.check(self.policy, expected, typed, now)
        self._metrics.increment("verifications", outcome=result.outcome.value)
        if checked != challenge:
            await uow.challenges.save(checked)
        user_id, chat_id = challenge.user_id, challenge.chat_id
        if result.outcome is VerifyOutcome.VERIFIED:
            await uow.lockouts.save(lockout_after_success(await uow.lockouts.get(user_id)))
            await self._audit(uow, AuditKind.CODE_VERIFIED, user_id, chat_id, purpose=challenge.purpose.value)
        elif result.counted:
            before = await uow.lockouts.get(user_id)
            after = lockout_after_failure(self.policy, before, now)
            await uow.lockouts.save(after)
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
                await self._audit(
                    uow,
                    AuditKind.USER_LOCKED,
                    user_id,
                    chat_id,
                    until=after.locked_until.isoformat(),
                    failures=after.consecutive_failures,
                )
        return CodeCheck(result, checked)

    async def cancel(self, uow: UnitOfWork, challenge_id: str | None) -> None:
        """Retire a pending challenge (flow cancelled or replaced) so its code no longer works."""
        if challenge_id is None:
            return
        challenge = await uow.challenges.get(challenge_id)
        if challenge is not None and challenge.status is ChallengeStatus.PENDING:
            await uow.challenges.save(challenge.moved_to(ChallengeStatus.CANCELLED))

    async def _deliver(self, challenge: Challenge) -> DeliveryProblem | None:
        code = code_for(self._key, challenge.id, self.policy.digits)
        body = texts.code_message(challenge.purpose, code, self.policy.lifetime, challenge.channel)
        try:
            if challenge.channel is Channel.SMS:
                await self._sms.send_sms(OutgoingSms(challenge.destination, body))
            else:
                subject = texts.code_subject(challenge.purpose, challenge.channel)
                await self._email.send_email(OutgoingEmail(challenge.destination, subject, body))
        except DeliveryError as error:
            self._metrics.increment("code_delivery_failures", channel=challenge.channel.value)
            return error.problem
        self._metrics.increment("codes_sent", channel=challenge.channel.value)
        return None

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
