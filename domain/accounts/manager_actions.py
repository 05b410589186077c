"""Manager actions through the HTTP API: asked for with a manager-scoped API key, confirmed by the manager.

An API key alone never turns anyone's 2FA off. `request` checks that the key names the contract and that
`manager_email` is an account manager of it, then sends a code to that manager's own 2FA destination and
keeps the action pending; `confirm` checks the code (the usual attempts and lockout) and only then runs
`domain.managers.disable_for`. Every step is audited with the key's name.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime

from domain.accounts.managers import NotAllowed, disable_for
from domain.core.api_keys import KeyGrant
from domain.core.challenge import Challenge, Purpose, VerifyOutcome
from domain.core.destinations import email_key, mask
from domain.core.errors import NotFound
from domain.core.manager_action_state import ActionStatus, ManagerAction
from domain.core.model import AuditEvent, AuditKind, User
from domain.core.policy import Decision, Refusal
from domain.core.ports import Clock, DeliveryProblem, TokenSource, UnitOfWork, UnitOfWorkFactory
from domain.proofs.codes import CodeService

ACTION = "disable"


class ActionOutcome(enum.StrEnum):
    PENDING = "pending_confirmation"
    DONE = "done"
    NOT_ALLOWED = "not_allowed"
    UNKNOWN_CONTRACT = "unknown_contract"
    UNKNOWN_USER = "unknown_user"
    NEEDS_2FA = "manager_needs_2fa"
    UNKNOWN_ACTION = "unknown_action"
    INVALID_CODE = "invalid_code"
    EXPIRED = "expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    ALREADY_USED = "already_used"
    LOCKED = "locked"
    RATE_LIMITED = "rate_limited"
    UNDELIVERED = "undelivered"


@dataclass(frozen=True)
class ActionResult:
    """What a call ended in; the HTTP layer maps `outcome` to its answer."""

    outcome: ActionOutcome
    action: ManagerAction | None = None
    sent_to: str | None = None
    disabled: tuple[str, ...] = ()
    attempts_left: int | None = None
    retry_at: datetime | None = None
    problem: DeliveryProblem | None = None
    challenge: Challenge | None = None  # a code recorded by `request`, sent once its transaction committed


def _refused(decision: Decision | None) -> ActionResult:
    reason = decision.reason if decision is not None else None
    retry_at = decision.retry_at if decision is not None else None
    outcome = ActionOutcome.LOCKED if reason is Refusal.LOCKED else ActionOutcome.RATE_LIMITED
    return ActionResult(outcome, retry_at=retry_at)


class ManagerActions:
    """`request`, `confirm` and `status` of the API's manager endpoints, each one transaction."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, codes: CodeService, clock: Clock, tokens: TokenSource
    ) -> None:
        self._uow_factory = uow_factory
        self._codes = codes
        self._clock = clock
        self._tokens = tokens

    async def request(
        self, key: KeyGrant, contract_id: int | None, manager_email: str, user_email: str, reason: str
    ) -> ActionResult:
        """Record the action and send the code to the manager's own 2FA destination; nothing changes yet."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            result = await self._request(uow, key, contract_id, manager_email, user_email, reason, now)
            await uow.commit()  # refusals are audited, so every outcome commits
        if result.challenge is None or result.action is None:
            return result
        # The manager's code leaves only now, with no transaction open (domain.code_delivery).
        problem = await self._codes.deliver(self._uow_factory, result.challenge)
        if problem is None:
            return replace(result, challenge=None)
        async with self._uow_factory() as uow:
            await _close(uow, result.action, ActionStatus.EXPIRED, self._clock.now())
            await uow.commit()
        return ActionResult(ActionOutcome.UNDELIVERED, problem=problem)

    async def _request(
        self,
        uow: UnitOfWork,
        key: KeyGrant,
        contract_id: int | None,
        manager_email: str,
        user_email: str,
        reason: str,
        now: datetime,
    ) -> ActionResult:
        if contract_id is None or not key.covers(contract_id):
            await forbidden(uow, key, contract_id, ACTION, now)
            return ActionResult(ActionOutcome.NOT_ALLOWED)
        if await uow.contracts.get(contract_id) is None:
            return ActionResult(ActionOutcome.UNKNOWN_CONTRACT)
        manager = await uow.users.get_by_email(email_key(manager_email))
        if manager is None or not manager.is_manager or manager.contract_id != contract_id:
            await self._refuse_manager(uow, key, manager, contract_id, now)
            return ActionResult(ActionOutcome.NOT_ALLOWED)
        target_id: int | None = None
        if user_email:
            target = await uow.users.get_by_email(email_key(user_email))
            if target is None or target.contract_id != contract_id:
                return ActionResult(ActionOutcome.UNKNOWN_USER)
            target_id = target.key
        own = await uow.two_factor.get(manager.key)
        if own.channel is None or own.destination is None:
            return ActionResult(ActionOutcome.NEEDS_2FA)
        sent = await self._codes.issue(uow, manager, Purpose.MANAGER_ACTION, own.channel, own.destination)
        if not sent.sent or sent.challenge is None:
            return _refused(sent.decision)
        challenge = sent.challenge
        action = ManagerAction(
            self._tokens.token(18),
            contract_id,
            manager.key,
            target_id,
            reason,
            key.name,
            challenge.id,
            now,
            challenge.expires_at,
        )
        await uow.manager_actions.add(action)
        await _audit(uow, AuditKind.MANAGER_ACTION_REQUESTED, key, manager.key, action, now, reason=reason)
        masked = mask(challenge.channel, challenge.destination)
        return ActionResult(ActionOutcome.PENDING, action, masked, challenge=challenge)

    async def _refuse_manager(
        self, uow: UnitOfWork, key: KeyGrant, manager: User | None, contract_id: int, now: datetime
    ) -> None:
        """Audit an address that is no manager of the contract (the answer does not say which case)."""
        await uow.audit.add(
            AuditEvent(
                at=now,
                kind=AuditKind.MANAGER_REFUSED,
                user_id=None if manager is None else manager.key,
                actor=key.actor,
                detail={
                    "contract": contract_id,
                    "action": ACTION,
                    "via": "api",
                    "key": key.name,
                    "manager": "unknown" if manager is None else manager.role.value,
                },
            )
        )

    async def confirm(self, key: KeyGrant, action_id: str, code: str) -> ActionResult:
        """Check the manager's code; when right, turn 2FA off as asked (notices and audit events)."""
        now = self._clock.now()
        try:
            async with self._uow_factory() as uow:
                result = await self._confirm(uow, key, action_id, code, now)
                await uow.commit()
        except ActionRefused as refused:
            return refused.result
        return result

    async def _confirm(
        self, uow: UnitOfWork, key: KeyGrant, action_id: str, code: str, now: datetime
    ) -> ActionResult:
        action = await self._open(uow, key, action_id, now)
        if action.status is ActionStatus.DONE:
            return ActionResult(ActionOutcome.ALREADY_USED, action)
        if action.status is ActionStatus.KILLED:
            return ActionResult(ActionOutcome.TOO_MANY_ATTEMPTS, action, attempts_left=0)
        if not action.open_at(now):
            return ActionResult(ActionOutcome.EXPIRED, await _close(uow, action, ActionStatus.EXPIRED, now))
        check = await self._codes.verify(uow, action.challenge_id, code)
        outcome = check.result.outcome
        if outcome in (VerifyOutcome.WRONG, VerifyOutcome.NOT_A_CODE):
            return ActionResult(ActionOutcome.INVALID_CODE, action, attempts_left=check.result.attempts_left)
        if outcome is VerifyOutcome.LOCKED:  # the manager is locked: the code waits, unchecked
            return ActionResult(ActionOutcome.LOCKED, action, retry_at=check.result.retry_at)
        if outcome is VerifyOutcome.TOO_MANY_ATTEMPTS:
            killed = await _close(uow, action, ActionStatus.KILLED, now)
            return ActionResult(ActionOutcome.TOO_MANY_ATTEMPTS, killed, attempts_left=0)
        if outcome is not VerifyOutcome.VERIFIED:
            return ActionResult(ActionOutcome.EXPIRED, await _close(uow, action, ActionStatus.EXPIRED, now))
        manager = await uow.users.get(action.manager_id)
        try:
            if manager is None:
                raise NotAllowed("the manager is gone")
            affected = await disable_for(
                uow, manager, action.contract_id, action.target_user_id, action.reason, key.actor, now
            )
        except NotAllowed:  # no longer a manager of the contract (audited by `authorize`)
            return ActionResult(
                ActionOutcome.NOT_ALLOWED, await _close(uow, action, ActionStatus.EXPIRED, now)
            )
        except NotFound:  # the named user left the contract meanwhile
            return ActionResult(
                ActionOutcome.UNKNOWN_USER, await _close(uow, action, ActionStatus.EXPIRED, now)
            )
        done = await _close(uow, action, ActionStatus.DONE, now)
        emails = tuple(user.email for user in affected)
        await _audit(
            uow, AuditKind.MANAGER_ACTION_CONFIRMED, key, action.manager_id, done, now, count=len(emails)
        )
        return ActionResult(ActionOutcome.DONE, done, disabled=emails)

    async def status(self, key: KeyGrant, action_id: str) -> ActionResult:
        """Where the action stands (a pending one past its expiry reads as expired)."""
        now = self._clock.now()
        try:
            async with self._uow_factory() as uow:
                action = await self._open(uow, key, action_id, now)
        except ActionRefused as refused:
            return refused.result
        if action.status is ActionStatus.PENDING and not action.open_at(now):
            action = replace(action, status=ActionStatus.EXPIRED)
        return ActionResult(ActionOutcome.PENDING, action)

    async def _open(self, uow: UnitOfWork, key: KeyGrant, action_id: str, now: datetime) -> ManagerAction:
        """The action, if this key may see it; else `ActionRefused` (unknown, or another contract's)."""
        action = await uow.manager_actions.get(action_id)
        if action is None:
            raise ActionRefused(ActionResult(ActionOutcome.UNKNOWN_ACTION))
        if not key.covers(action.contract_id):
            await forbidden(uow, key, action.contract_id, f"action:{action.id[:6]}", now)
            await uow.commit()
            raise ActionRefused(ActionResult(ActionOutcome.NOT_ALLOWED))
        return action


class ActionRefused(Exception):
    """Raised out of a call with the result to answer (an unknown action, or one out of the key's scope)."""

    def __init__(self, result: ActionResult) -> None:
        super().__init__(result.outcome.value)
        self.result = result


async def forbidden(
    uow: UnitOfWork, key: KeyGrant, contract_id: int | None, action: str, now: datetime
) -> None:
    """Audit a key used outside the contracts it names."""
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.API_FORBIDDEN,
            actor=key.actor,
            detail={"key": key.name, "scope": key.scope.value, "contract": contract_id, "action": action},
        )
    )


async def _close(
    uow: UnitOfWork, action: ManagerAction, status: ActionStatus, now: datetime
) -> ManagerAction:
    closed = replace(action, status=status, decided_at=now)
    await uow.manager_actions.save(closed)
    return closed


async def _audit(
    uow: UnitOfWork,
    kind: AuditKind,
    key: KeyGrant,
    manager_id: int,
    action: ManagerAction,
    now: datetime,
    **extra: object,
) -> None:
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=kind,
            user_id=manager_id,
            actor=key.actor,
            detail={
                "action": action.id[:6],
                "contract": action.contract_id,
                "target": action.target_user_id or "all",
                "key": key.name,
                **extra,
            },
        )
    )
