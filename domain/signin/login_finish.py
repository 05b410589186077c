"""Finishing a sign-in: verified once (audited), the device remembered if asked; and the sign-ins waiting
for a tap in the linked chat, as the login page polls and finishes them (`domain.signin.approvals`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.core.approval_state import ApprovalStatus
from domain.core.model import AuditEvent, AuditKind, LoginAttempt
from domain.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.signin.devices import RememberedDevices
from domain.signin.login_results import LoginResult, LoginStatus

ACTOR = "api"


async def verified(
    uow: UnitOfWork,
    devices: RememberedDevices,
    attempt: LoginAttempt,
    remember_device: bool,
    now: datetime,
    **detail: str,
) -> LoginResult:
    """The login is verified (audited), and this device remembered for 30 days if asked."""
    await uow.logins.save(replace(attempt, verified_at=now))
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.LOGIN_VERIFIED,
            user_id=attempt.user_id,
            actor=ACTOR,
            detail={"login": attempt.id[:6], **detail},
        )
    )
    device = None
    if remember_device:
        device = await devices.issue(uow, attempt.user_id, attempt.user_agent, attempt.ip, now, ACTOR)
    return LoginResult(LoginStatus.VERIFIED, attempt.id, device=device)


async def approved_by_code(uow: UnitOfWork, login_id: str, now: datetime) -> None:
    """A login asked in the chat and finished with the code shown there: the question is answered."""
    approval = await uow.approvals.get(login_id)
    if approval is not None and approval.status is ApprovalStatus.PENDING:
        done = replace(approval, status=ApprovalStatus.APPROVED, decided_at=now, approved_by="code")
        await uow.approvals.decide(done, ApprovalStatus.PENDING)


class ApprovedLogins:
    """`progress` and `finish` of the login API, for sign-ins approved in the linked chat."""

    def __init__(self, uow_factory: UnitOfWorkFactory, devices: RememberedDevices, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._devices = devices
        self._clock = clock

    async def progress(self, login_id: str) -> LoginResult:
        """Where a login stands, for a page waiting on a tap in the chat: pending, approved, denied,
        expired or verified (one short read)."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            attempt = await uow.logins.get(login_id)
            approval = await uow.approvals.get(login_id) if attempt is not None else None
        if attempt is None or attempt.challenge_id is None:
            return LoginResult(LoginStatus.UNKNOWN_LOGIN)
        state, code_sent, by = "pending", False, None
        if approval is not None:
            state, code_sent, by = approval.status.value, approval.code_sent, approval.approved_by
            lapsed = approval.status is ApprovalStatus.PENDING and now >= approval.expires_at
            if lapsed and not approval.code_sent:
                state = ApprovalStatus.EXPIRED.value
        if attempt.verified_at is not None:
            state = "verified"
        expires_at = approval.expires_at if approval is not None else None
        return LoginResult(
            LoginStatus.PROGRESS,
            login_id,
            expires_at=expires_at,
            state=state,
            code_sent=code_sent,
            approved_by=by,
        )

    async def finish(self, login_id: str, remember_device: bool = False) -> LoginResult:
        """Finish a login approved in the chat (no code typed), once; optionally remember the device."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            attempt = await uow.logins.get(login_id)
            approval = await uow.approvals.get(login_id) if attempt is not None else None
            if attempt is None or approval is None:
                return LoginResult(LoginStatus.UNKNOWN_LOGIN)
            if attempt.verified_at is not None:
                return LoginResult(LoginStatus.ALREADY_USED)
            if approval.status is ApprovalStatus.DENIED:
                return LoginResult(LoginStatus.DENIED, login_id)
            if approval.status is ApprovalStatus.EXPIRED or (
                approval.status is ApprovalStatus.PENDING
                and now >= approval.expires_at
                and not approval.code_sent
            ):
                return LoginResult(LoginStatus.EXPIRED, login_id)
            if approval.status is not ApprovalStatus.APPROVED:
                return LoginResult(LoginStatus.NOT_APPROVED, login_id, state=approval.status.value)
            result = await verified(uow, self._devices, attempt, remember_device, now, by="telegram")
            await uow.commit()
        return replace(result, approved_by=approval.approved_by)
