"""Chat side of logins: "was this you?" answers, `/devices`, and what `/status` says about recent logins."""

from __future__ import annotations

from domain.chat.turn import Turn
from domain.core.inputs import is_token, parse_id
from domain.core.model import AuditEvent, AuditKind, LoginOutcome, TwoFactorSetting, User
from domain.core.notices import enqueue_notice
from domain.core.replies import Button, Reply
from domain.core.useragent import describe
from domain.signin.approvals import Approvals
from domain.signin.devices import RememberedDevices
from domain.signin.login_watch import LoginWatch
from domain.wording import texts, texts_logins


class LoginChat:
    """Handlers for the login buttons and remembered devices of a linked user."""

    def __init__(
        self, watch: LoginWatch, devices: RememberedDevices, approvals: Approvals | None = None
    ) -> None:
        self._watch = watch
        self._devices = devices
        self._approvals = approvals

    async def approval_button(self, turn: Turn, user: User, argument: str) -> list[Reply]:
        """A button of a "which number does your screen show?" question (`domain.signin.approvals`)."""
        login_id = argument.rpartition(":")[0]
        if self._approvals is None or not is_token(login_id):
            return [Reply(texts.STALE_BUTTON)]
        return await self._approvals.tapped(turn.uow, user, turn.chat_id, argument, turn.now)

    async def login_button(self, turn: Turn, user: User, argument: str) -> list[Reply]:
        """`yes:<login id>` confirms; `no:<login id>` secures the account."""
        answer, _, login_id = argument.partition(":")
        if not is_token(login_id):  # login ids are URL-safe tokens: anything else is no button of ours
            return [Reply(texts.STALE_BUTTON)]
        if answer == "no":
            return [Reply(await self._watch.deny(turn.uow, user, login_id, turn.chat_id, turn.now))]
        attempt = await turn.uow.logins.get(login_id)
        if attempt is None or attempt.user_id != user.key:
            return [Reply(texts_logins.LOGIN_NOT_YOURS)]
        return [Reply(texts_logins.LOGIN_CONFIRMED)]

    async def devices(self, turn: Turn, user: User) -> list[Reply]:
        """The remembered devices, with a button to forget each, and one to forget all."""
        devices = await turn.uow.devices.for_user(user.key)
        live = [d for d in devices if d.expires_at > turn.now]
        if not live:
            return [Reply(texts_logins.NO_DEVICES)]
        lines = [texts_logins.DEVICES_HEADER]
        rows: list[tuple[Button, ...]] = []
        for number, device in enumerate(live, start=1):
            lines.append(
                texts_logins.device_line(
                    number, describe(device.user_agent), device.ip, device.created_at, device.last_used_at
                )
            )
            rows.append(
                (Button(texts_logins.BUTTON_FORGET.format(number=number), f"device:forget:{device.id}"),)
            )
        rows.append((Button(texts_logins.BUTTON_FORGET_ALL, "device:all"),))
        return [Reply("\n".join(lines), tuple(rows))]

    async def device_button(self, turn: Turn, user: User, argument: str) -> list[Reply]:
        """`forget:<id>` forgets one device of this user; `all` forgets every one. The user is emailed."""
        action, _, device_id = argument.partition(":")
        actor = f"chat:{turn.chat_id}"
        if action == "all":
            count = await self._devices.forget_all(turn.uow, user, turn.now, actor, "forgotten in chat")
            if count:
                await enqueue_notice(
                    turn.uow, user, *texts_logins.notice_devices_forgotten(user, turn.now, count), turn.now
                )
            return [Reply(texts_logins.DEVICES_FORGOTTEN if count else texts_logins.NO_DEVICES)]
        mine = {d.id: d for d in await turn.uow.devices.for_user(user.key)}
        device = mine.get(parse_id(device_id))
        if device is None or device.id is None:  # already gone, or not this user's: change nothing
            return [Reply(texts.STALE_BUTTON), *await self.devices(turn, user)]
        await turn.uow.devices.delete(device.id)
        await turn.uow.audit.add(
            AuditEvent(
                at=turn.now,
                kind=AuditKind.DEVICE_FORGOTTEN,
                user_id=user.key,
                chat_id=turn.chat_id,
                actor=actor,
                detail={"device": device.id},
            )
        )
        await enqueue_notice(
            turn.uow, user, *texts_logins.notice_devices_forgotten(user, turn.now, 1), turn.now
        )
        return [Reply(texts_logins.DEVICE_FORGOTTEN)]

    async def status_lines(self, turn: Turn, user: User, setting: TwoFactorSetting) -> list[str]:
        """When the last login code was sent and verified; a warning when logins skip the code. Nothing
        while no login was seen since 2FA was turned on: just after turning it on, that is no news."""
        if not setting.enabled:
            return []
        lines = []
        last_code = await turn.uow.logins.last(user.key, LoginOutcome.REQUIRED)
        if last_code is not None:
            verified = (
                f", verified {last_code.verified_at:%Y-%m-%d %H:%M UTC}"
                if last_code.verified_at
                else ", not verified"
            )
            lines.append(
                texts_logins.LAST_LOGIN_CODE.format(
                    sent=f"{last_code.created_at:%Y-%m-%d %H:%M UTC}", verified=verified
                )
            )
        last = await turn.uow.logins.last(user.key)
        since = setting.verified_at
        if last is None or (since is not None and last.created_at < since):
            return lines
        if last.outcome is LoginOutcome.REMEMBERED and (
            last_code is None or last_code.created_at < last.created_at
        ):
            recent = await turn.uow.logins.recent(user.key, since or last.created_at)
            if recent and all(a.outcome is LoginOutcome.REMEMBERED for a in recent[-3:]):
                lines.append(texts_logins.REMEMBERED_ONLY)
        return lines
