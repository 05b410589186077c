"""Sending the codes `domain.proofs.codes` issued, once the step that recorded them committed: the
gateway is called with no transaction open, under a deadline, and its answer recorded in a short
transaction of its own (`domain.chat.code_delivery`); a send lost with its process is sent by any worker
once its lease ends (`deliver_due`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from domain.core.challenge import Challenge, ChallengeStatus
from domain.core.model import AuditEvent, AuditKind, Channel, OutgoingEmail, OutgoingSms
from domain.core.otp import code_for
from domain.core.policy import OtpPolicy
from domain.core.ports import (
    Clock,
    DeliveryError,
    DeliveryProblem,
    DeliveryRoute,
    EmailSender,
    Metrics,
    SmsSender,
    UnitOfWork,
    UnitOfWorkFactory,
)
from domain.wording import texts

# A code's send is cut at this deadline (every SMTP command, or the Twilio call, included); one recorded
# and not answered by the deadline and a margin was lost with its process, and any worker sends it.
SEND_DEADLINE = timedelta(seconds=20)
LEASE_MARGIN = timedelta(seconds=5)
DUE_BATCH = 20

AfterDelivery = Callable[[UnitOfWork], Awaitable[None]]


@dataclass(frozen=True)
class Delivery:
    """What became of one code's send: why it failed, or which way it went (None: the channel's own)."""

    problem: DeliveryProblem | None = None
    route: DeliveryRoute | None = None


async def audit(
    uow: UnitOfWork, clock: Clock, kind: AuditKind, user_id: int | None, chat_id: str | None, **detail: object
) -> None:
    """One audit event of the codes' life, by the chat that asked for it (or the system)."""
    actor = f"chat:{chat_id}" if chat_id else "system"
    await uow.audit.add(
        AuditEvent(
            at=clock.now(), kind=kind, user_id=user_id, chat_id=chat_id, actor=actor, detail=dict(detail)
        )
    )


class CodeSender:
    """Hands codes to their gateway (SMS or email) and records what became of them."""

    def __init__(
        self,
        policy: OtpPolicy,
        server_key: bytes,
        clock: Clock,
        email: EmailSender,
        sms: SmsSender,
        metrics: Metrics,
        delivers: Callable[[Channel], bool],
        send_deadline: timedelta = SEND_DEADLINE,
    ) -> None:
        self._policy = policy
        self._key = server_key
        self._clock = clock
        self._email = email
        self._sms = sms
        self._metrics = metrics
        self.delivers = delivers
        self.send_deadline = send_deadline
        self.delivery_lease = send_deadline + LEASE_MARGIN  # a send still running is never taken twice

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
                await audit(
                    uow,
                    self._clock,
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
        await audit(
            uow,
            self._clock,
            AuditKind.CODE_DELIVERY_FAILED,
            challenge.user_id,
            challenge.chat_id,
            problem=problem.value,
            **details,
        )

    async def _send(self, challenge: Challenge) -> Delivery:
        code = code_for(self._key, challenge.id, self._policy.digits)
        body = texts.code_message(challenge.purpose, code, self._policy.lifetime, challenge.channel)
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
