"""An assistant wired to fakes (or to any unit-of-work factory), driven like a chat in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from app.secret_box import AesGcmSecretBox
from domain.accounts import admin
from domain.accounts.support import SupportDesk
from domain.chat.assistant import Assistant
from domain.chat.faq import IntentClassifier
from domain.chat.login_chat import LoginChat
from domain.chat.twofa_flow import DestinationRules
from domain.core.model import AuditEvent, AuditKind, OutgoingEmail, Role, TwoFactorSetting, User
from domain.core.policy import OtpPolicy
from domain.core.ports import UnitOfWorkFactory
from domain.core.replies import Incoming, Reply
from domain.proofs.app_codes import AppCodes
from domain.proofs.codes import CodeService
from domain.proofs.limits import SendLimits
from domain.proofs.recovery import RecoveryCodes
from domain.signin.devices import DevicePolicy, RememberedDevices
from domain.signin.login_watch import LoginWatch, WatchPolicy
from domain.signin.logins import LoginService
from tests.support.fake_hashing import FakeSlowHasher
from tests.support.fakes import FakeClock, FakeEmailSender, FakeSmsSender, FakeTokens

KEY = b"test-server-key-0123456789abcdef0123"


@dataclass
class Chat:
    """One chat talking to the assistant; keeps what it was told."""

    harness: Harness
    chat_id: str
    seen: list[Reply] = field(default_factory=list)

    async def say(self, text: str) -> str:
        replies = await self.harness.assistant.handle(Incoming(self.chat_id, text=text))
        await self.harness.assistant.drain()  # link codes go out in the background
        self.seen.extend(replies)
        return "\n".join(reply.text for reply in replies)

    async def press(self, data: str) -> str:
        replies = await self.harness.assistant.handle(Incoming(self.chat_id, button=data))
        await self.harness.assistant.drain()
        self.seen.extend(replies)
        return "\n".join(reply.text for reply in replies)

    def buttons(self) -> list[str]:
        """Callback data of the buttons on the last reply that had any."""
        for reply in reversed(self.seen):
            if reply.buttons:
                return [button.data for row in reply.buttons for button in row]
        return []


@dataclass
class Harness:
    uow_factory: UnitOfWorkFactory
    clock: FakeClock = field(default_factory=FakeClock)
    tokens: FakeTokens = field(default_factory=FakeTokens)
    email: FakeEmailSender = field(default_factory=FakeEmailSender)
    sms: FakeSmsSender = field(default_factory=FakeSmsSender)
    policy: OtpPolicy = field(default_factory=OtpPolicy)
    classifier: IntentClassifier | None = None
    desk: SupportDesk = field(default_factory=lambda: SupportDesk("support@example.com", "tg:-100200"))
    rules: DestinationRules = field(
        default_factory=lambda: DestinationRules("GB", frozenset({"GB", "DE", "US"}))
    )
    recovery_codes: bool = False  # wire recovery codes (fast fake hashing): production always has them
    hasher: FakeSlowHasher = field(default_factory=FakeSlowHasher)

    def __post_init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        """A new process: new services on the same database (nothing carried over in memory)."""
        app = AppCodes(AesGcmSecretBox(KEY), self.tokens, "TwoFA Assistant")
        self.codes = CodeService(self.policy, KEY, self.clock, self.tokens, self.email, self.sms, app=app)
        self.devices = RememberedDevices(DevicePolicy(), KEY, self.tokens)
        self.watch = LoginWatch(WatchPolicy(), self.codes, self.devices)
        login_chat = LoginChat(self.watch, self.devices)
        limits = SendLimits(self.policy, self.codes.destination_key)
        self.recovery = RecoveryCodes(self.hasher, KEY, self.tokens, limits) if self.recovery_codes else None
        self.assistant = Assistant(
            self.uow_factory,
            self.codes,
            self.clock,
            KEY,
            login_chat,
            self.rules,
            self.classifier,
            self.desk,
            self.recovery,
        )
        self.logins = LoginService(
            self.uow_factory, self.codes, self.devices, self.watch, self.clock, self.tokens, self.recovery
        )

    def chat(self, chat_id: str = "tg:1001") -> Chat:
        return Chat(self, chat_id)

    async def seed(self) -> dict[str, User]:
        """Contract 'Acme' with alice and bob (members) and carol (account manager)."""
        async with self.uow_factory() as uow:
            now = self.clock.now()
            await admin.add_contract(uow, "Acme", now)
            users = {
                "alice": await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, now),
                "bob": await admin.add_user(uow, "bob@example.com", "Bob", "Acme", Role.MEMBER, now),
                "carol": await admin.add_user(
                    uow, "carol@example.com", "Carol", "Acme", Role.ACCOUNT_MANAGER, now
                ),
            }
            await uow.commit()
        return users

    async def setting(self, email: str = "alice@example.com") -> TwoFactorSetting:
        async with self.uow_factory() as uow:
            user = await uow.users.get_by_email(email)
            assert user is not None
            return await uow.two_factor.get(user.key)

    async def audit(self, kind: AuditKind | None = None) -> list[AuditEvent]:
        async with self.uow_factory() as uow:
            return await uow.audit.list(kind=kind)

    async def notices(self) -> list[OutgoingEmail]:
        """Every notice queued in the outbox, oldest first (sent or not)."""
        async with self.uow_factory() as uow:
            return [
                item.email for item in await uow.outbox.due(self.clock.now() + timedelta(days=3650), 1000)
            ]

    async def notices_about(self, words: str) -> list[OutgoingEmail]:
        return [notice for notice in await self.notices() if words in notice.subject]

    async def link(self, chat: Chat, email: str = "alice@example.com") -> None:
        await chat.say("/start")
        await chat.say(email)
        reply = await chat.say(self.email.last_code(email))
        assert "linked" in reply, reply
