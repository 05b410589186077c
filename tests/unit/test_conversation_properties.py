"""Property tests: random conversations keep every 2FA invariant after every step.

Hypothesis draws stories (commands, buttons that were offered, stale or made up, free text, emails, phone
numbers, right, wrong and earlier codes, a cooperative user who does what the chat asks, clock jumps,
restarts and failing senders) and plays them through the conversation engine on in-memory fakes, with
one or two chats and one or two users. After every step the stored state and everything sent are checked:

1. each user has no method, or exactly one method with a well-formed destination;
2. an active destination belongs to a verified ENABLE/CHANGE_NEW challenge (which keeps only its mask, as
   every challenge that left pending does), and a code delivered to it was typed back;
3. each observed setting transition has exactly one audit event and one notice to the registered email;
4. every step gets a non-empty answer, and no code or full phone number shows where it must not;
5. a setting changes only in a step that typed the last code that chat had sent to the right destination.

Each check returns a list of problems (empty when it holds). The tests at the end feed each check a
corrupted state to show that it reports it: the properties can fail.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Literal

from hypothesis import Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from domain.accounts.lifecycle import Change
from domain.core.challenge import Challenge, ChallengeStatus, Purpose
from domain.core.conversation_state import CODE_STEPS, DESTINATION_STEPS, METHOD_STEPS, Conversation, Step
from domain.core.destinations import mask, normalise_email, parse_phone
from domain.core.errors import InvalidEmail, InvalidPhone, SmsNotAvailable
from domain.core.model import (
    AuditEvent,
    AuditKind,
    Channel,
    ChatMessage,
    Method,
    OutgoingEmail,
    TwoFactorSetting,
    User,
)
from domain.core.otp import normalise_typed_code
from domain.core.ports import DeliveryProblem
from domain.core.replies import Incoming, Reply
from domain.core.repositories import OutboxItem
from domain.wording import texts
from tests.support.fakes import EPOCH
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import Chat, Harness

CHATS = ("tg:1", "tg:2")
# Whom a cooperative chat links to: mostly its own user; sometimes the other chat's (which moves that
# account's link, and asks for its 2FA code when 2FA is on) or the account manager.
LINK_CHOICES = {
    "tg:1": ("alice@example.com",) * 3 + ("bob@example.com", "ALICE@Example.COM", "carol@example.com"),
    "tg:2": ("bob@example.com",) * 3 + ("alice@example.com", "Bob@Example.com", "carol@example.com"),
}
# The notice subjects and audit kinds as the specification words them, written out rather than imported.
SUBJECTS = {
    Change.ENABLED: "Two-factor authentication was turned on",
    Change.CHANGED: "Your two-factor authentication setting was changed",
    Change.DISABLED: "Two-factor authentication was turned off",
}
AUDIT_KINDS = {
    Change.ENABLED: AuditKind.TWOFA_ENABLED,
    Change.CHANGED: AuditKind.TWOFA_CHANGED,
    Change.DISABLED: AuditKind.TWOFA_DISABLED,
}
NEW_DESTINATION_PURPOSES = frozenset({Purpose.ENABLE, Purpose.CHANGE_NEW})
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
E164 = re.compile(r"\+[1-9]\d{7,14}")
SQUASH = re.compile(r"[\s\-().]")  # how a number may be spread out in text
SMS_REGIONS = frozenset({"GB", "DE", "US"})  # the harness's rules

# What the stories are made of.
COMMANDS = ("/start", "/enable", "/change", "/disable", "/cancel", "/status", "/help")
ODD_COMMANDS = (
    "/start not-a-real-link-token-000",
    "/frobnicate",
    "/ENABLE@twofa_assistant_bot",
    "/test",
    "/support",
)
BUTTONS = (
    "method:sms", "method:email", "resend", "newcode", "cancel", "disable:yes", "stay",
    "switch:enable", "switch:change", "switch:disable", "switch:start",
    "start", "enable", "change", "disable", "status", "help",
)  # fmt: skip
STALE_BUTTONS = (
    "method:fax", "method:", "switch:nothing", "disable:no", "resend:now", "bogus", "",
    "login:no:tok00000000000000000000", "device:all", "device:forget:1",
)  # fmt: skip
FREE_TEXT = (
    "do not activate protection", "Don't activate protection!", "hello", "", "   ", "sms please",
    "by email", "text me", "yes", "🙂", "١٢٣٤٥٦", "12345", "1234567",
)  # fmt: skip
EMAILS = (
    "alice@example.com", "bob@example.com", "carol@example.com", "ALICE@Example.COM",
    "alice.codes@example.org", "Bob.Codes@Example.net", "nobody@example.com",
    "alice@@example", "alice@localhost", "not an email",
)  # fmt: skip
PHONES = (
    "+44 7400 123456", "07400 654321", "+49 151 12345678", "020 7946 0123", "+91 98765 43210",
    "12345", "+44 7400 12345", "call me maybe",
)  # fmt: skip
GOOD_PHONES = ("+44 7400 123456", "07400 654321", "+49 151 12345678")
GOOD_EMAILS = ("alice.codes@example.org", "alice@example.com", "Bob.Codes@Example.net")
KNOWN_NUMBERS = ("+447400123456", "+447400654321", "+4915112345678", "+442079460123", "+919876543210")
SECONDS = (1, 30, 59, 60, 61, 120, 299, 300, 301, 600, 901, 3601)  # cooldown, expiry, proof, windows


# --- the stories -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Say:
    chat: str
    text: str


@dataclass(frozen=True)
class Press:
    chat: str
    data: str


@dataclass(frozen=True)
class PressOffered:
    """Press the `index`-th button (modulo) of the chat's last reply that had buttons."""

    chat: str
    index: int


@dataclass(frozen=True)
class TypeCode:
    """`right`: the last code delivered to the chat's pending destination (or the last code delivered at
    all); `wrong`: that code off by one; `earlier`: the `index`-th code delivered so far (modulo)."""

    chat: str
    which: Literal["right", "wrong", "earlier"]
    index: int = 0
    spaced: bool = False  # typed as "123 456"


@dataclass(frozen=True)
class Cooperate:
    """Do what the chat is asking for (`choice` picks among sensible answers), so flows complete."""

    chat: str
    choice: int = 0


@dataclass(frozen=True)
class Advance:
    seconds: int


@dataclass(frozen=True)
class Restart:
    """A new process on the same database."""


@dataclass(frozen=True)
class BreakSender:
    """Make one sender fail (UNREACHABLE) for the next `steps` steps, after which it works again."""

    channel: Channel
    steps: int = 1


Action = Say | Press | PressOffered | TypeCode | Cooperate | Advance | Restart | BreakSender


def linking(chat: str, email: str) -> list[Action]:
    """The steps that link `chat` to the account of `email` (played and checked like any other)."""
    return [Say(chat, "/start"), Say(chat, email), TypeCode(chat, "right")]


def enabling(chat: str, method: Channel, destination: str) -> list[Action]:
    """The steps that turn 2FA on from a linked chat."""
    return [
        Say(chat, "/enable"),
        Press(chat, f"method:{method}"),
        Say(chat, destination),
        TypeCode(chat, "right"),
    ]


def weighted(*choices: tuple[int, st.SearchStrategy[Action]]) -> st.SearchStrategy[Action]:
    """Draw from one of the strategies, each as often as its weight says."""
    return st.one_of(*[strategy for weight, strategy in choices for _ in range(weight)])


def actions() -> st.SearchStrategy[Action]:
    """One step of a story, weighted towards steps that move flows on, so changes actually happen."""
    chat = st.sampled_from(CHATS[:1] * 2 + CHATS[1:])  # one busy chat, one that gets in the way
    texts_ = st.sampled_from(COMMANDS + ODD_COMMANDS + FREE_TEXT + EMAILS + PHONES) | st.text(max_size=12)
    return weighted(
        (8, st.builds(Cooperate, chat, st.integers(0, 5))),
        (1, st.builds(TypeCode, chat, st.just("right"), st.just(0), st.booleans())),
        (1, st.builds(TypeCode, chat, st.sampled_from(["wrong", "earlier"]), st.integers(0, 20))),
        (3, st.builds(Say, chat, texts_)),
        (2, st.builds(Press, chat, st.sampled_from(BUTTONS + STALE_BUTTONS))),
        (2, st.builds(PressOffered, chat, st.integers(0, 3))),
        (2, st.builds(Advance, st.sampled_from(SECONDS))),
        (1, st.just(Restart())),
        (1, st.builds(BreakSender, st.sampled_from(Channel), st.integers(1, 3))),
    )


# Where stories start: the setup steps are played and checked like the rest.
ALICE, BOB = linking("tg:1", "alice@example.com"), linking("tg:2", "bob@example.com")
SETUPS: dict[str, list[Action]] = {
    "nobody linked": [],
    "alice in tg:1": ALICE,
    "alice in tg:1, bob in tg:2": ALICE + BOB,
    "alice on SMS in tg:1": ALICE + enabling("tg:1", Channel.SMS, "+44 7400 123456"),
    "alice on email in tg:1, bob on SMS in tg:2": ALICE
    + enabling("tg:1", Channel.EMAIL, "alice@example.com")
    + BOB
    + enabling("tg:2", Channel.SMS, "07400 654321"),
}


# --- what the test sees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """One message a fake sender accepted, with the chat whose step sent it and what it was for."""

    chat: str | None
    channel: Channel
    to: str
    body: str
    purpose: Purpose | None  # None: the body is worded like no code message
    code: str | None  # None: the body does not hold exactly one code


def read_delivery(chat: str | None, channel: Channel, to: str, body: str, lifetime: timedelta) -> Delivery:
    """Make sense of one sent message: its single code and the purpose its wording names."""
    codes = CODE.findall(body)
    code = codes[0] if len(codes) == 1 else None
    purposes = [
        p for p in Purpose if code is not None and body == texts.code_message(p, code, lifetime, channel)
    ]
    return Delivery(chat, channel, to, body, purposes[0] if purposes else None, code)


@dataclass(frozen=True)
class Snapshot:
    """The committed state the invariants are about, read between steps."""

    settings: dict[str, TwoFactorSetting]  # by registered email
    challenges: tuple[Challenge, ...]
    audit: tuple[AuditEvent, ...]
    notices: tuple[OutgoingEmail, ...]
    chat_messages: tuple[ChatMessage, ...] = ()  # messages the assistant starts (alerts, tickets to the desk)


@dataclass(frozen=True)
class StepRecord:
    """One step: the chat's input (None for clock, restart and sender changes), the registered email of
    the account the chat was linked to before it, and the replies."""

    chat: str | None
    incoming: Incoming | None
    linked_to: str | None
    replies: tuple[Reply, ...] = ()


def show(setting: TwoFactorSetting) -> str:
    return f"{setting.method} to {setting.destination}" if setting.enabled else "off"


def transition(before: TwoFactorSetting, after: TwoFactorSetting) -> Change | None:
    """The kind of change between two settings of one user, or None when nothing changed that counts."""
    if before == after:
        return None
    if not before.enabled:
        return Change.ENABLED if after.enabled else None
    return Change.CHANGED if after.enabled else Change.DISABLED


# --- the invariants ----------------------------------------------------------------------------------


def normalised(destination: str, sms: bool) -> str | None:
    """The form a typed number or address is stored in, or None if it would be refused."""
    try:
        return parse_phone(destination, "GB", SMS_REGIONS) if sms else normalise_email(destination)
    except (InvalidPhone, SmsNotAvailable, InvalidEmail):
        return None


def method_problems(settings: Mapping[str, TwoFactorSetting]) -> list[str]:
    """Invariant 1: no method and nothing else, or exactly one method with a destination of its kind.

    (A setting holds one `method`, so "both at once" would show as a destination of the wrong kind.)
    """
    problems = []
    for email, setting in settings.items():
        method, destination = setting.method, setting.destination
        if method is Method.NONE:
            if destination is not None or setting.verified_at is not None:
                problems.append(f"{email}: 2FA off but {destination=} verified_at={setting.verified_at}")
        elif destination is None or setting.verified_at is None:
            problems.append(f"{email}: {method} without destination or verified_at: {setting}")
        elif method is Method.SMS and normalised(destination, True) != destination:
            problems.append(f"{email}: SMS to {destination!r}, not an E.164 mobile in an SMS region")
        elif method is Method.EMAIL and normalised(destination, False) != destination:
            problems.append(f"{email}: email to {destination!r}, not a normalised address")
        elif method is Method.TELEGRAM and not destination.startswith("tg:"):
            problems.append(f"{email}: Telegram approval in {destination!r}, not a Telegram chat")
    return problems


def unverified_destination_problems(
    snapshot: Snapshot, users: Mapping[str, User], deliveries: Sequence[Delivery], typed: set[str]
) -> list[str]:
    """Invariant 2: an active destination is that of a VERIFIED ENABLE/CHANGE_NEW challenge of the user,
    and one of the codes delivered to it for that purpose was typed back in a chat."""
    problems = []
    for email, setting in snapshot.settings.items():
        channel, destination = setting.channel, setting.destination
        if channel is None or destination is None:
            continue
        verified = [
            c
            for c in snapshot.challenges
            if c.user_id == users[email].key
            and (c.channel, c.destination) == (channel, mask(channel, destination))
            and c.purpose in NEW_DESTINATION_PURPOSES
            and c.status is ChallengeStatus.VERIFIED
        ]
        if not verified:
            problems.append(f"{email}: {channel} to {destination} is active without a verified challenge")
        if channel is Channel.TELEGRAM:  # no code travels: Confirm pressed in that chat (invariant 5)
            continue
        typed_back = [
            d
            for d in deliveries
            if (d.channel, d.to) == (channel, destination)
            and d.purpose in NEW_DESTINATION_PURPOSES
            and d.code in typed
        ]
        if not typed_back:
            problems.append(f"{email}: {channel} to {destination} is active but no code sent there came back")
    problems += [
        f"challenge {c.id[:6]} is {c.status} and still holds its destination in clear"
        for c in snapshot.challenges
        if c.status is not ChallengeStatus.PENDING and c.destination_in_clear
    ]
    return problems


def record_problems(
    snapshot: Snapshot, users: Mapping[str, User], transitions: Counter[tuple[str, Change]]
) -> list[str]:
    """Invariant 3: per user and kind, audit events == notices to the registered email == transitions."""
    problems = []
    for email, user in users.items():
        for change in Change:
            seen = transitions[(email, change)]
            audited = sum(e.user_id == user.key and e.kind is AUDIT_KINDS[change] for e in snapshot.audit)
            noticed = sum(n.to == email and n.subject == SUBJECTS[change] for n in snapshot.notices)
            if not seen == audited == noticed:
                problems.append(
                    f"{email}: {seen} {change} transitions, {audited} audit events, {noticed} notices"
                )
    registered = set(users)
    strays = [n.to for n in snapshot.notices if n.subject in SUBJECTS.values() and n.to not in registered]
    if strays:
        problems.append(f"2FA notices sent to addresses that are no registered email: {strays}")
    return problems


def full_numbers_in(text: str, numbers: set[str]) -> list[str]:
    """Known phone numbers written out in `text`, however spaced (the last 9 digits give one away)."""
    squashed = SQUASH.sub("", text)
    return sorted(n for n in numbers if n[1:] in squashed or n[-9:] in squashed)


def leak_problems(snapshot: Snapshot, deliveries: Sequence[Delivery], numbers: set[str]) -> list[str]:
    """Invariant 4 (stored and sent side): code messages hold exactly their one code and go to well-formed
    destinations; audit details, outbox emails and chat messages hold no code and no full phone number."""
    problems = []
    codes = {d.code for d in deliveries if d.code is not None}
    numbers = numbers | {d.to for d in deliveries if d.channel is Channel.SMS}
    for d in deliveries:
        if d.code is None or d.purpose is None:
            problems.append(f"a message to {d.to} is not a code message with one code: {d.body!r}")
        if d.channel is Channel.SMS and not E164.fullmatch(d.to):
            problems.append(f"an SMS went to {d.to!r}, not an E.164 number")
    places = [(f"audit {e.kind} detail", json.dumps(e.detail, ensure_ascii=False)) for e in snapshot.audit]
    places += [(f"notice {n.subject!r}", f"{n.subject}\n{n.body}") for n in snapshot.notices]
    places += [(f"chat message to {m.chat_id}", m.text) for m in snapshot.chat_messages]
    for where, text in places:
        if leaked := set(CODE.findall(text)) & codes:
            problems.append(f"{where} shows the code(s) {sorted(leaked)}")
        if shown := full_numbers_in(text, numbers):
            problems.append(f"{where} shows the full number(s) {shown}")
    return problems


def reply_problems(record: StepRecord, deliveries: Sequence[Delivery]) -> list[str]:
    """Invariant 4 (chat side): an input always gets a non-empty answer, and answers never show a code."""
    if record.incoming is None:
        return []
    if not record.replies or any(not reply.text.strip() for reply in record.replies):
        return [f"{record.incoming} got silence: {record.replies}"]
    codes = {d.code for d in deliveries if d.code is not None}
    leaked = {code for reply in record.replies for code in CODE.findall(reply.text)} & codes
    return [f"a reply to {record.incoming} shows the code(s) {sorted(leaked)}"] if leaked else []


def step_problems(
    record: StepRecord, before: Snapshot, after: Snapshot, deliveries: Sequence[Delivery]
) -> list[str]:
    """Invariant 5: a setting changes only when its own chat types the last code that chat had delivered
    to the right destination for the right purpose (the new destination, or the old one to turn off)."""
    problems = []
    for email, old in before.settings.items():
        new = after.settings[email]
        if old == new:
            continue
        incoming = record.incoming
        text = incoming.text if incoming is not None else None
        if incoming is not None and incoming.button == "confirm" and record.linked_to == email:
            # Telegram approval: no code travels; Confirm pressed in the chat that becomes (or was) the
            # destination stands for it
            change = transition(old, new)
            target = old if change is Change.DISABLED else new
            if target.channel is not Channel.TELEGRAM or target.destination != record.chat:
                problems.append(f"{email}: {show(old)} -> {show(new)} on Confirm in {record.chat}")
            continue
        if incoming is None or text is None or incoming.command() is not None:
            problems.append(f"{email}: setting changed on {incoming or 'a clock/restart/sender step'}")
            continue
        if record.linked_to != email:
            problems.append(f"{email}: setting changed from {record.chat}, linked to {record.linked_to}")
            continue
        change = transition(old, new)
        target, purposes = (
            (old, {Purpose.DISABLE}) if change is Change.DISABLED else (new, NEW_DESTINATION_PURPOSES)
        )
        sent_there = [
            d.code
            for d in deliveries
            if d.chat == record.chat
            and (d.channel, d.to) == (target.channel, target.destination)
            and d.purpose in purposes
        ]
        if not sent_there or normalise_typed_code(text) != sent_there[-1]:
            problems.append(
                f"{email}: {show(old)} -> {show(new)} on {text!r}; this chat's codes to it: {sent_there}"
            )
    return problems


# --- playing a story ---------------------------------------------------------------------------------


@dataclass
class Story:
    """One run: the harness and its chats, and all the test has seen so far."""

    factory: FakeUnitOfWorkFactory
    harness: Harness
    users: dict[str, User]  # by registered email
    chats: dict[str, Chat]
    deliveries: list[Delivery] = field(default_factory=list)
    transitions: Counter[tuple[str, Change]] = field(default_factory=Counter)
    typed: set[str] = field(default_factory=set)  # every code-shaped text typed, normalised
    last: Snapshot | None = None
    broken_for: int = 0  # steps before a failing sender works again

    @classmethod
    async def begin(cls) -> Story:
        factory = FakeUnitOfWorkFactory()
        harness = Harness(factory)
        users = {user.email: user for user in (await harness.seed()).values()}
        story = cls(factory, harness, users, {chat_id: harness.chat(chat_id) for chat_id in CHATS})
        story.last = await story.snapshot()
        return story

    async def snapshot(self) -> Snapshot:
        """Read the committed settings (through the repository), challenges, audit log and outbox (the
        fake's committed rows, read without copying: these tables only grow, and copying them at every
        step would make a story quadratic)."""
        tables = self.factory.database.tables
        async with self.harness.uow_factory() as uow:
            settings = {email: await uow.two_factor.get(user.key) for email, user in self.users.items()}
        return Snapshot(
            settings=settings,
            challenges=tuple(c for c in tables.get("challenges", {}).values() if isinstance(c, Challenge)),
            audit=tuple(e for e in tables.get("audit_events", {}).values() if isinstance(e, AuditEvent)),
            notices=tuple(i.email for i in tables.get("outbox", {}).values() if isinstance(i, OutboxItem)),
            chat_messages=tuple(
                m for m in tables.get("chat_outbox", {}).values() if isinstance(m, ChatMessage)
            ),
        )

    async def play(self, steps: Sequence[Action]) -> None:
        for action in steps:
            await self.take(action)

    async def take(self, action: Action) -> None:
        """Play one step, then check every invariant; fail with all the problems found."""
        sms_before, email_before = len(self.harness.sms.sent), len(self.harness.email.sent)
        record = await self.perform(action)
        if self.broken_for and not isinstance(action, BreakSender):
            self.broken_for -= 1
            if not self.broken_for:
                self.harness.sms.failing = self.harness.email.failing = None
        lifetime = self.harness.policy.lifetime
        self.deliveries += [
            read_delivery(record.chat, Channel.SMS, m.to, m.body, lifetime)
            for m in self.harness.sms.sent[sms_before:]
        ] + [
            read_delivery(record.chat, Channel.EMAIL, m.to, m.body, lifetime)
            for m in self.harness.email.sent[email_before:]
        ]
        before, after = self.last, await self.snapshot()
        assert before is not None
        for email in self.users:
            change = transition(before.settings[email], after.settings[email])
            if change is not None:
                self.transitions[(email, change)] += 1
        self.last = after
        problems = (
            method_problems(after.settings)
            + unverified_destination_problems(after, self.users, self.deliveries, self.typed)
            + record_problems(after, self.users, self.transitions)
            + leak_problems(after, self.deliveries, set(KNOWN_NUMBERS))
            + reply_problems(record, self.deliveries)
            + step_problems(record, before, after, self.deliveries)
        )
        assert not problems, f"after {action}:\n" + "\n".join(problems)

    async def perform(self, action: Action) -> StepRecord:
        """Turn the action into a chat input and hand it to the engine (or change the world)."""
        harness = self.harness
        if isinstance(action, Advance):
            harness.clock.advance(action.seconds)
        elif isinstance(action, Restart):
            harness.restart()
        elif isinstance(action, BreakSender):
            sender = harness.sms if action.channel is Channel.SMS else harness.email
            sender.failing = DeliveryProblem.UNREACHABLE
            self.broken_for = action.steps
        else:
            incoming = await self.incoming(action)
            if incoming.text is not None and (code := normalise_typed_code(incoming.text)) is not None:
                self.typed.add(code)
            linked_to = await self.linked_to(action.chat)
            replies = await harness.assistant.handle(incoming)
            await harness.assistant.drain()  # link codes go out in the background
            self.chats[action.chat].seen.extend(replies)
            return StepRecord(action.chat, incoming, linked_to, tuple(replies))
        return StepRecord(None, None, None)

    async def incoming(self, action: Say | Press | PressOffered | TypeCode | Cooperate) -> Incoming:
        chat = action.chat
        if isinstance(action, Say):
            return Incoming(chat, text=action.text)
        if isinstance(action, Press):
            return Incoming(chat, button=action.data)
        if isinstance(action, PressOffered):
            offered = self.chats[chat].buttons() or ["status"]
            return Incoming(chat, button=offered[action.index % len(offered)])
        if isinstance(action, TypeCode):
            return Incoming(chat, text=await self.code(action))
        return await self.cooperative(action)

    async def code(self, action: TypeCode) -> str:
        """The code text a `TypeCode` step types."""
        codes = [d.code for d in self.deliveries if d.code is not None]
        if action.which == "earlier":
            return codes[action.index % len(codes)] if codes else "000000"
        pending = await self.pending(action.chat)
        for_pending = [d.code for d in self.deliveries if d.code and pending == (d.channel, d.to)]
        right = (for_pending or codes or ["000000"])[-1]
        if action.which == "wrong":
            return f"{(int(right) + 1) % 1_000_000:06d}"
        return f"{right[:3]} {right[3:]}" if action.spaced else right

    async def cooperative(self, action: Cooperate) -> Incoming:
        """What a person following the chat's lead would send next."""
        chat, choice = action.chat, action.choice
        conversation = await self.conversation(chat)
        step = conversation.step
        if step is Step.LINK_EMAIL:
            return Incoming(chat, text=LINK_CHOICES[chat][choice % len(LINK_CHOICES[chat])])
        if step in CODE_STEPS and "newcode" in self.chats[chat].buttons():  # the code expired
            return Incoming(chat, button="newcode")
        if step in CODE_STEPS and choice == 5:  # "I did not get it"
            return Incoming(chat, button="resend")
        if step in CODE_STEPS:
            return Incoming(chat, text=await self.code(TypeCode(chat, "right")))
        if step in METHOD_STEPS:
            return Incoming(chat, button="method:sms" if choice % 2 == 0 else "method:email")
        if step in DESTINATION_STEPS:  # a new destination: the current one would only be refused
            sms = conversation.data.get("method") == "sms"
            linked_to = await self.linked_to(chat)
            current = (await self.harness.setting(linked_to)).destination if linked_to else None
            good = [d for d in (GOOD_PHONES if sms else GOOD_EMAILS) if normalised(d, sms) != current]
            return Incoming(chat, text=good[choice % len(good)])
        if step is Step.DISABLE_CONFIRM:
            return Incoming(chat, button="disable:yes")
        linked_to = await self.linked_to(chat)
        if linked_to is None:
            return Incoming(chat, text="/start")
        if not (await self.harness.setting(linked_to)).enabled:
            return Incoming(chat, text="/enable")
        return Incoming(chat, text="/disable" if choice in (1, 5) else "/change")  # changing takes longer

    async def conversation(self, chat: str) -> Conversation:
        async with self.harness.uow_factory() as uow:
            return await uow.conversations.get(chat) or Conversation(chat)

    async def pending(self, chat: str) -> tuple[Channel, str] | None:
        """Channel and destination of the code the chat is waiting for, if any."""
        async with self.harness.uow_factory() as uow:
            conversation = await uow.conversations.get(chat)
            if conversation is None or conversation.challenge_id is None:
                return None
            challenge = await uow.challenges.get(conversation.challenge_id)
        return (challenge.channel, challenge.destination) if challenge else None

    async def linked_to(self, chat: str) -> str | None:
        """Registered email of the account the chat acts for."""
        async with self.harness.uow_factory() as uow:
            link = await uow.chat_links.get(chat)
            user = await uow.users.get(link.user_id) if link else None
        return user.email if user else None


async def play_story(setup: str, steps: Sequence[Action]) -> Story:
    story = await Story.begin()
    await story.play(SETUPS[setup] + list(steps))
    return story


# --- the property ------------------------------------------------------------------------------------


class RandomConversations(RuleBasedStateMachine):
    """Plays a story step by step on an event loop it owns; `Story.take` checks every invariant."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.story = self.loop.run_until_complete(Story.begin())
        self.after_setup: Counter[tuple[str, Change]] = Counter()

    @initialize(setup=st.sampled_from(list(SETUPS)))
    def link_chats(self, setup: str) -> None:
        self.loop.run_until_complete(self.story.play(SETUPS[setup]))
        self.after_setup = Counter(self.story.transitions)

    @rule(action=actions())
    def step(self, action: Action) -> None:
        self.loop.run_until_complete(self.story.take(action))
        for _, change in self.story.transitions - self.after_setup:
            event(f"2FA {change} in the random steps")  # see --hypothesis-show-statistics

    def teardown(self) -> None:
        self.loop.close()


# No `explain` phase: on a failure it replays the story hundreds of times to annotate each step, which
# took five minutes here; shrinking alone gives a minimal story in seconds.
RandomConversations.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
test_random_conversations_keep_every_2fa_invariant_after_every_step = RandomConversations.TestCase


# --- the driver and the checks themselves ------------------------------------------------------------


async def test_a_cooperative_chat_turns_2fa_on_changes_it_and_turns_it_off() -> None:
    """The cooperative step really completes flows, so the random stories reach every transition."""
    turn_on = [Cooperate("tg:1", 0)] * 4  # /enable, SMS, +44 7400 123456, code
    change = [Cooperate("tg:1", 0)] * 2 + [Cooperate("tg:1", 1)] * 3  # /change, code, email, address, code
    turn_off = [Cooperate("tg:1", 1)] * 3  # /disable, yes, code
    story = await play_story("alice in tg:1", turn_on + change + turn_off)
    assert story.transitions == Counter(
        {("alice@example.com", c): 1 for c in (Change.ENABLED, Change.CHANGED, Change.DISABLED)}
    )


def test_the_method_check_reports_half_set_and_malformed_settings() -> None:
    now = EPOCH
    corrupt = {
        "off-with-destination": TwoFactorSetting(1, Method.NONE, "+447400123456"),
        "on-without-destination": TwoFactorSetting(2, Method.SMS, None, now),
        "sms-not-e164": TwoFactorSetting(3, Method.SMS, "07400 123456", now),
        "sms-landline": TwoFactorSetting(4, Method.SMS, "+442079460123", now),
        "email-not-an-address": TwoFactorSetting(5, Method.EMAIL, "+447400123456", now),
        "fine": TwoFactorSetting(6, Method.EMAIL, "alice@example.com", now),
    }
    assert [problem.split(":")[0] for problem in method_problems(corrupt)] == list(corrupt)[:-1]


async def test_the_checks_report_a_destination_saved_without_a_code_and_without_records() -> None:
    story = await Story.begin()
    before = story.last
    assert before is not None
    alice = story.users["alice@example.com"]
    async with story.harness.uow_factory() as uow:  # what a buggy flow might do: save straight away
        await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, "+447400123456", EPOCH))
        await uow.commit()
    after = await story.snapshot()
    story.transitions[("alice@example.com", Change.ENABLED)] += 1
    assert len(unverified_destination_problems(after, story.users, [], set())) == 2
    assert record_problems(after, story.users, story.transitions) == [
        "alice@example.com: 1 enabled transitions, 0 audit events, 0 notices"
    ]
    clock_step = StepRecord(None, None, None)
    assert "setting changed on a clock" in step_problems(clock_step, before, after, [])[0]


def test_the_destination_check_reports_a_finished_challenge_still_holding_its_number() -> None:
    kept = Challenge("c1", 1, Purpose.ENABLE, Channel.SMS, "+447400123456", EPOCH, EPOCH, EPOCH)
    verified = kept.moved_to(ChallengeStatus.VERIFIED)
    leaky = replace(verified, id="c2", destination=kept.destination)
    snapshot = Snapshot({}, (kept, verified, leaky), (), ())
    assert unverified_destination_problems(snapshot, {}, [], set()) == [
        "challenge c2 is verified and still holds its destination in clear"
    ]


async def test_the_step_check_reports_a_change_on_a_button_or_a_code_not_sent_there() -> None:
    story = await Story.begin()
    before = story.last
    assert before is not None
    alice = story.users["alice@example.com"]
    on = TwoFactorSetting(alice.key, Method.SMS, "+447400123456", EPOCH)
    after = Snapshot({**before.settings, "alice@example.com": on}, (), (), ())
    body = texts.code_message(Purpose.ENABLE, "123456", timedelta(minutes=5), Channel.SMS)
    sent = [read_delivery("tg:1", Channel.SMS, "+447400123456", body, timedelta(minutes=5))]
    button = StepRecord("tg:1", Incoming("tg:1", button="method:sms"), "alice@example.com", ())
    wrong = StepRecord("tg:1", Incoming("tg:1", text="654321"), "alice@example.com", ())
    right = StepRecord("tg:1", Incoming("tg:1", text="123 456"), "alice@example.com", ())
    other_chat = StepRecord("tg:2", Incoming("tg:2", text="123456"), "alice@example.com", ())
    assert "changed on" in step_problems(button, before, after, sent)[0]
    assert "on '654321'" in step_problems(wrong, before, after, sent)[0]
    assert step_problems(other_chat, before, after, sent) != []
    assert step_problems(right, before, after, sent) == []


def test_the_leak_checks_report_codes_full_numbers_and_silence() -> None:
    lifetime = timedelta(minutes=5)
    sms = read_delivery(
        "tg:1",
        Channel.SMS,
        "+447400123456",
        texts.code_message(Purpose.ENABLE, "123456", lifetime, Channel.SMS),
        lifetime,
    )
    notice = OutgoingEmail("alice@example.com", SUBJECTS[Change.ENABLED], "Now: SMS to +44 7400 123 456")
    audit = AuditEvent(EPOCH, AuditKind.CODE_FAILED, 1, "tg:1", detail={"typed": "123456"})
    snapshot = Snapshot({}, (), (audit,), (notice,))
    assert leak_problems(snapshot, [sms], set()) == [
        "audit code_failed detail shows the code(s) ['123456']",
        f"notice {SUBJECTS[Change.ENABLED]!r} shows the full number(s) ['+447400123456']",
    ]
    alert = ChatMessage(None, "tg:1", "Was this you? Code 123456")
    ticket = ChatMessage(None, "tg:-1", "The user wrote: my code 123456\n\nAccount: Alice, code 123456")
    assert leak_problems(Snapshot({}, (), (), (), (alert, ticket)), [sms], set()) == [
        "chat message to tg:1 shows the code(s) ['123456']",
        "chat message to tg:-1 shows the code(s) ['123456']",  # only the user's own line is let through
    ]
    two_codes = read_delivery(None, Channel.EMAIL, "a@example.com", "123456 or 654321", lifetime)
    assert leak_problems(Snapshot({}, (), (), ()), [two_codes], set()) != []
    silent = StepRecord("tg:1", Incoming("tg:1", text="hi"), None, (Reply(" "),))
    telling = StepRecord("tg:1", Incoming("tg:1", text="hi"), None, (Reply("your code is 123456"),))
    assert reply_problems(silent, [sms]) != [] and reply_problems(telling, [sms]) != []


async def test_a_code_typed_at_the_support_prompt_does_not_reach_the_support_desk() -> None:
    story = await play_story("alice on SMS in tg:1", [Say("tg:1", "/disable"), Press("tg:1", "disable:yes")])
    live_code = story.harness.sms.last_code("+447400123456")
    await story.chats["tg:2"].say("/support")  # any chat may open a ticket, linked or not
    await story.chats["tg:2"].say(f"I was sent {live_code}, what is it for?")
    assert (await story.conversation("tg:1")).step is Step.DISABLE_CODE  # the code still turns 2FA off
    snapshot = await story.snapshot()
    to_desk = [n.body for n in snapshot.notices] + [m.text for m in snapshot.chat_messages]
    assert [text for text in to_desk if live_code in text] == []
