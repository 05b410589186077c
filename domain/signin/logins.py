"""The login verification service: after a password check, a code at every login unless remembered.

Unknown emails are answered exactly like accounts without 2FA, after the same lookups, so the service
cannot be used to discover accounts. Login codes use the same one-time-code policy as the chat flows.
"""

from __future__ import annotations

from dataclasses import replace

from domain.core.challenge import ChallengeStatus, Purpose, VerifyOutcome
from domain.core.destinations import email_key, mask
from domain.core.model import AuditEvent, AuditKind, Channel, LoginAttempt, LoginOutcome
from domain.core.ports import Clock, TokenSource, UnitOfWork, UnitOfWorkFactory
from domain.core.sources import login_source
from domain.core.useragent import browser_key
from domain.proofs.codes import CodeService, SendStatus
from domain.proofs.recovery import RecoveryCodes, RecoveryOutcome
from domain.signin.approvals import Approvals
from domain.signin.devices import IP_LIMIT, USER_AGENT_LIMIT, RememberedDevices
from domain.signin.login_finish import ApprovedLogins, approved_by_code, verified
from domain.signin.login_results import LoginResult as LoginResult
from domain.signin.login_results import LoginStatus as LoginStatus
from domain.signin.login_results import refused
from domain.signin.login_watch import LoginWatch
from domain.wording.i18n import speaking, use

ACTOR = "api"


class LoginService:
    """`start`, `verify` and `resend` of the HTTP API, each one transaction."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        codes: CodeService,
        devices: RememberedDevices,
        watch: LoginWatch,
        clock: Clock,
        tokens: TokenSource,
        recovery: RecoveryCodes | None = None,
        approvals: Approvals | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._codes = codes
        self._devices = devices
        self._watch = watch
        self._clock = clock
        self._tokens = tokens
        self._recovery = recovery
        self._approvals = approvals
        approved = ApprovedLogins(uow_factory, devices, clock)
        self.progress = approved.progress  # GET /v1/logins/{id}: where a login waiting for a tap stands
        self.finish = approved.finish  # a login approved in the chat, finished by the page

    async def start(
        self, email: str, device_token: str = "", ip: str = "", user_agent: str = "", api_key: str = ""
    ) -> LoginResult:
        """Called after the password check: not enabled, remembered, or a code sent through the method.

        The code's limits and lockout are those of the client's IP when the page passes it (else of the
        calling API key `api_key`): whoever holds the password elsewhere cannot lock the owner out. The
        code's message and the chat's question are in the user's own language.
        """
        with speaking(None):
            return await self._start(email, device_token, ip, user_agent, api_key)

    async def _start(
        self, email: str, device_token: str, ip: str, user_agent: str, api_key: str
    ) -> LoginResult:
        now = self._clock.now()
        source = login_source(self._codes.destination_key("ip:" + ip)[:16] if ip else "", api_key)
        async with self._uow_factory() as uow:
            user = await uow.users.get_by_email(email_key(email))
            setting = await uow.two_factor.get(user.key if user else 0)  # the same lookups for everyone
            if user is None or setting.channel is None or setting.destination is None:
                return LoginResult(LoginStatus.NOT_ENABLED)
            use(user.language)
            attempt = LoginAttempt(
                self._tokens.token(16),
                user.key,
                now,
                LoginOutcome.REQUIRED,
                browser_key(user_agent),
                user_agent[:USER_AGENT_LIMIT],
                ip[:IP_LIMIT],
            )
            if device_token and await self._devices.recognise(uow, user.key, device_token, now):
                await uow.logins.add(replace(attempt, outcome=LoginOutcome.REMEMBERED))
                await uow.audit.add(
                    AuditEvent(
                        at=now,
                        kind=AuditKind.LOGIN_REMEMBERED,
                        user_id=user.key,
                        actor=ACTOR,
                        detail={"login": attempt.id[:6]},
                    )
                )
                await uow.commit()
                return LoginResult(LoginStatus.REMEMBERED)
            sent = await self._codes.issue(
                uow, user, Purpose.LOGIN, setting.channel, setting.destination, source=source
            )
            if not sent.sent or sent.challenge is None:
                await uow.logins.add(replace(attempt, outcome=LoginOutcome.REFUSED))
                await uow.commit()
                if sent.status is SendStatus.UNDELIVERED:
                    return LoginResult(LoginStatus.UNDELIVERED, problem=sent.problem)
                return refused(sent.decision)
            attempt = replace(attempt, challenge_id=sent.challenge.id)
            await uow.logins.add(attempt)
            approval = None
            if setting.channel is Channel.TELEGRAM and self._approvals is not None:  # asked in the chat
                approval = await self._approvals.ask(uow, attempt, sent.challenge, now)
            recovery = self._recovery is not None and await self._recovery.remaining(uow, user) > 0
            await uow.audit.add(
                AuditEvent(
                    at=now,
                    kind=AuditKind.LOGIN_STARTED,
                    user_id=user.key,
                    actor=ACTOR,
                    detail={"login": attempt.id[:6], "channel": setting.channel.value},
                )
            )
            await uow.commit()
        if approval is not None:  # the question leaves through the chat outbox: nothing to deliver here
            return LoginResult(
                LoginStatus.REQUIRED,
                attempt.id,
                Channel.TELEGRAM,
                mask(Channel.TELEGRAM, setting.destination),
                approval.expires_at,
                recovery=recovery,
                number=approval.number,
            )

        async def tell_the_chat(uow: UnitOfWork) -> None:  # "a login code was just sent": only once it was
            await self._watch.code_sent(uow, user, setting, attempt, now)

        # The code leaves only now, with no transaction open (domain.code_delivery).
        delivery = await self._codes.deliver_via(self._uow_factory, sent.challenge, tell_the_chat)
        if delivery.problem is not None:
            async with self._uow_factory() as uow:
                await uow.logins.save(replace(attempt, outcome=LoginOutcome.REFUSED))
                await uow.commit()
            return LoginResult(LoginStatus.UNDELIVERED, problem=delivery.problem)
        return LoginResult(
            LoginStatus.REQUIRED,
            attempt.id,
            setting.channel,
            mask(setting.channel, setting.destination),
            sent.challenge.expires_at,
            recovery=recovery,
            delivered_via=delivery.route,
        )

    async def verify(self, login_id: str, code: str, remember_device: bool = False) -> LoginResult:
        """Check the login code; on success, optionally remember this device for 30 days."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            attempt = await uow.logins.get(login_id)
            if attempt is None or attempt.challenge_id is None:
                return LoginResult(LoginStatus.UNKNOWN_LOGIN)
            if attempt.verified_at is not None:
                return LoginResult(LoginStatus.ALREADY_USED)
            check = await self._codes.verify(uow, attempt.challenge_id, code)
            outcome = check.result.outcome
            result: LoginResult
            if outcome is VerifyOutcome.VERIFIED:
                result = await verified(uow, self._devices, attempt, remember_device, now)
                await approved_by_code(uow, login_id, now)
            elif outcome in (VerifyOutcome.WRONG, VerifyOutcome.NOT_A_CODE):
                result = LoginResult(
                    LoginStatus.INVALID_CODE, login_id, attempts_left=check.result.attempts_left
                )
            elif outcome is VerifyOutcome.TOO_MANY_ATTEMPTS:
                result = LoginResult(LoginStatus.TOO_MANY_ATTEMPTS, login_id, attempts_left=0)
            elif outcome is VerifyOutcome.LOCKED:
                result = LoginResult(LoginStatus.LOCKED, login_id, retry_at=check.result.retry_at)
            else:
                lockout = await uow.lockouts.get(attempt.user_id)
                if lockout.locked_until is not None and now < lockout.locked_until:
                    result = LoginResult(LoginStatus.LOCKED, login_id, retry_at=lockout.locked_until)
                else:
                    result = LoginResult(LoginStatus.EXPIRED, login_id)
            await uow.commit()
        return result

    async def verify_recovery(self, login_id: str, typed: str, remember_device: bool = False) -> LoginResult:
        """A recovery code typed in place of the login's code, while that code would still be taken.

        A wrong one counts toward the lockout of the login's source, as a wrong code does, and leaves the
        login's own tries alone. It is checked with one scrypt run in a worker thread inside this
        transaction: on SQLite (one connection per process) the process's other requests wait those tens of
        milliseconds, as they wait for any transaction.
        """
        now = self._clock.now()
        async with self._uow_factory() as uow:
            attempt = await uow.logins.get(login_id)
            challenge = (
                await uow.challenges.get(attempt.challenge_id) if attempt and attempt.challenge_id else None
            )
            user = await uow.users.get(attempt.user_id) if attempt else None
            if attempt is None or challenge is None or user is None or self._recovery is None:
                return LoginResult(LoginStatus.UNKNOWN_LOGIN)
            if attempt.verified_at is not None:
                return LoginResult(LoginStatus.ALREADY_USED)
            if challenge.status is ChallengeStatus.KILLED:
                return LoginResult(LoginStatus.TOO_MANY_ATTEMPTS, login_id, attempts_left=0)
            if challenge.status is not ChallengeStatus.PENDING or challenge.is_expired(now):
                return LoginResult(LoginStatus.EXPIRED, login_id)
            used = await self._recovery.use(uow, user, typed, now, challenge.source)
            result: LoginResult
            if used.ok:
                await self._codes.cancel(uow, challenge.id)  # the login's code is of no more use
                done = await verified(uow, self._devices, attempt, remember_device, now, by="recovery_code")
                result = replace(done, recovery_codes_left=used.remaining)
            elif used.outcome is RecoveryOutcome.LOCKED:
                result = LoginResult(LoginStatus.LOCKED, login_id, retry_at=used.retry_at)
            else:
                left = self._codes.policy.max_attempts - challenge.attempts
                result = LoginResult(LoginStatus.INVALID_CODE, login_id, attempts_left=left)
            await uow.commit()
        return result

    async def resend(self, login_id: str) -> LoginResult:
        """The same code again, with the chat flows' cooldown and limits, in the user's language."""
        with speaking(None):
            return await self._resend(login_id)

    async def _resend(self, login_id: str) -> LoginResult:
        async with self._uow_factory() as uow:
            attempt = await uow.logins.get(login_id)
            if attempt is None or attempt.challenge_id is None:
                return LoginResult(LoginStatus.UNKNOWN_LOGIN)
            user = await uow.users.get(attempt.user_id)
            use(user.language if user else None)
            if attempt.verified_at is not None:
                return LoginResult(LoginStatus.ALREADY_USED)
            sent = await self._codes.resend(uow, attempt.challenge_id)
            await uow.commit()
        challenge = sent.challenge
        if sent.sent and challenge is not None:
            delivery = await self._codes.deliver_via(self._uow_factory, challenge)
            if delivery.problem is not None:  # the code sent before still works
                return LoginResult(LoginStatus.UNDELIVERED, login_id, problem=delivery.problem)
            return LoginResult(
                LoginStatus.SENT,
                login_id,
                challenge.channel,
                mask(challenge.channel, challenge.destination),
                challenge.expires_at,
                delivered_via=delivery.route,
            )
        if sent.status is SendStatus.UNDELIVERED:
            return LoginResult(LoginStatus.UNDELIVERED, login_id, problem=sent.problem)
        return refused(sent.decision, login_id)
