"""Recovery codes: ten single-use codes that stand in for a code when the 2FA phone or address is lost.

**Alphabet.** A code is 8 symbols shown as `XXXX-XXXX`, from Crockford's base 32 (`0-9`, `A-Z` without
`I L O U`): 32 symbols are 5 bits each, so a code holds 40 bits. Dropping both sides of `0/O` and
`1/I/L` would leave 31 symbols and 39.6 bits, under the 40 asked for; Crockford keeps one side of each
and reads the other as it (`O` as `0`, `I` and `L` as `1`), so mistaking one for the other can never
make a code wrong. `5/S`, `2/Z` and `8/B` both stay: they are told apart far more easily than `0/O`
and `1/l`, and dropping one side of any pair would take the set under 32 symbols and a code under 40
bits. `U` is left out, as Crockford does, so no code spells an accidental word. Typed codes are read
in any case, with or without the `-` and spaces.

**Storage.** Each code is kept as a salted scrypt hash (`SlowHasher`) and a 16-bit lookup,
HMAC-SHA256(server key, code), so a typed code is checked with one scrypt run, not ten: the lookup finds
the row (a set's codes get distinct lookups), and a try that finds none runs scrypt on a stand-in hash,
so every try costs the same. Without the server key the lookup is a random label and says nothing of
the code. Even with the key and the table, 16 bits leave 2^24 candidates per code, each to be checked
with scrypt (about ten core-days per code at 50 ms a run), where a 32-bit lookup would leave 256 and
the slow hash would hardly count.

**Use.** Single use even across workers: `mark_used` is one conditional UPDATE. Wrong codes count
toward the same lockout as wrong one-time codes (`SendLimits`); each use is audited and emailed.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from domain.core.inputs import clean_line
from domain.core.model import AuditEvent, AuditKind, User
from domain.core.notices import enqueue_notice
from domain.core.ports import SlowHasher, TokenSource, UnitOfWork
from domain.core.recovery_state import StoredRecoveryCode
from domain.core.sources import OWNER, SendKind, kind_of
from domain.proofs.limits import SendLimits
from domain.wording import texts_recovery

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
CODES_PER_SET = 10
SYMBOLS = 8  # 40 bits
_FOLDED = {"O": "0", "I": "1", "L": "1"}
_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"  # base64url
_TYPED_LIMIT = 64  # far more than a code and its spaces: longer text is not a code
_LOOKUP_LABEL = b"twofa-assistant/recovery/v1:"
LOOKUP_HEX = 4  # 16 bits (see above)


def code_from_token(token: str) -> str:
    """A code from the last 8 characters of a `TokenSource` token: each base64url character is 6 random
    bits, and its low 5 pick a symbol (64 is a multiple of 32, so every symbol is equally likely)."""
    tail = token[-SYMBOLS:]
    if len(tail) < SYMBOLS or any(character not in _TOKEN_ALPHABET for character in tail):
        raise ValueError("a recovery code needs 8 base64url characters of randomness")
    symbols = "".join(ALPHABET[_TOKEN_ALPHABET.index(character) % 32] for character in tail)
    return f"{symbols[:4]}-{symbols[4:]}"


def normalise(typed: str) -> str | None:
    """The code `typed` stands for, as shown (`XXXX-XXXX`), or None when it cannot be one.

    Any case; spaces and dashes anywhere; full-width forms; `O`, `I`, `L` read as `0`, `1`, `1`.
    """
    if len(typed) > _TYPED_LIMIT:
        return None
    text = unicodedata.normalize("NFKC", clean_line(typed, _TYPED_LIMIT)).upper()
    kept = (c for c in text if not (c.isspace() or unicodedata.category(c) == "Pd"))
    symbols = "".join(_FOLDED.get(c, c) for c in kept)
    if len(symbols) != SYMBOLS or any(c not in ALPHABET for c in symbols):
        return None
    return f"{symbols[:4]}-{symbols[4:]}"


def lookup_key(server_key: bytes, code: str) -> str:
    """The short keyed label stored beside a code's hash, to find its row (`code` as `normalise` gives it)."""
    digest = hmac.new(server_key, _LOOKUP_LABEL + code.encode(), hashlib.sha256).hexdigest()
    return digest[:LOOKUP_HEX]


class RecoveryOutcome(enum.StrEnum):
    USED = "used"
    WRONG = "wrong"  # counted toward the lockout
    NOT_A_CODE = "not_a_code"  # not shaped like a code: not checked, not counted
    LOCKED = "locked"  # not checked, not counted: `retry_at` says until when


@dataclass(frozen=True)
class RecoveryUse:
    """`remaining`: unused codes after this use, told only when `ok` (0 otherwise, so a wrong guess learns
    nothing of the set). `retry_at`: when locked, or when this wrong code started a lockout."""

    ok: bool
    remaining: int
    outcome: RecoveryOutcome
    retry_at: datetime | None = None

    @property
    def few_left(self) -> bool:
        return self.ok and self.remaining <= texts_recovery.FEW_LEFT


@dataclass(frozen=True)
class PreparedCodes:
    """A new set with its lookups and hashes, made before a transaction opens (`RecoveryCodes.prepare`)."""

    codes: tuple[str, ...]
    stored: tuple[tuple[str, str], ...]  # (lookup, hash) of each code


class RecoveryCodes:
    """Issue, use and count a user's recovery codes, inside the caller's unit of work."""

    def __init__(
        self, hasher: SlowHasher, server_key: bytes, tokens: TokenSource, limits: SendLimits
    ) -> None:
        self._hasher = hasher
        self._key = server_key
        self._tokens = tokens
        self._limits = limits
        self._stand_in: str | None = None  # hashed once: what a try with no matching row is checked against

    async def prepare(self) -> PreparedCodes:
        """A new set of 10 codes, distinct lookups, hashed (concurrently, off the event loop). Call it
        before opening a transaction to keep the hashing out of it; `issue` calls it otherwise."""
        codes: dict[str, str] = {}  # lookup -> code
        for _ in range(CODES_PER_SET * 100):
            code = code_from_token(self._tokens.token(6))
            codes.setdefault(lookup_key(self._key, code), code)
            if len(codes) == CODES_PER_SET:
                break
        else:
            raise RuntimeError("the token source keeps repeating itself")
        hashes = await asyncio.gather(*(self._hasher.hash(code) for code in codes.values()))
        return PreparedCodes(tuple(codes.values()), tuple(zip(codes, hashes, strict=True)))

    async def issue(
        self,
        uow: UnitOfWork,
        user: User,
        now: datetime,
        prepared: PreparedCodes | None = None,
        chat_id: str | None = None,
    ) -> list[str]:
        """Replace the user's set with a new one (the old codes stop working); returns the codes, to be
        shown once. A set replacing another is also emailed."""
        prepared = prepared or await self.prepare()
        rows = [StoredRecoveryCode(None, user.key, lookup, hashed, now) for lookup, hashed in prepared.stored]
        replaced = await uow.recovery_codes.replace(user.key, rows)
        await self._audit(
            uow, AuditKind.RECOVERY_CODES_ISSUED, user, now, chat_id, count=len(rows), replaced=replaced
        )
        if replaced:
            await enqueue_notice(uow, user, *texts_recovery.notice_codes_replaced(user, now), now)
        return list(prepared.codes)

    async def use(
        self,
        uow: UnitOfWork,
        user: User,
        typed: str,
        now: datetime,
        source: str = OWNER,
        chat_id: str | None = None,
    ) -> RecoveryUse:
        """Spend the code `typed` stands for. `source`: who typed it (`domain.sources`; the login page's
        `login_source`), whose lockout a wrong code counts against."""
        owner, counted = await self._limits.lockouts(uow, user.key, source)
        until = SendLimits.until(owner, counted, now)
        if until is not None:
            return RecoveryUse(False, 0, RecoveryOutcome.LOCKED, until)
        code = normalise(typed)
        if code is None:
            return RecoveryUse(False, 0, RecoveryOutcome.NOT_A_CODE)
        candidates = await uow.recovery_codes.unused(user.key, lookup_key(self._key, code))
        match = await self._check(code, candidates)
        kind = kind_of(source)
        if match is None or match.id is None or not await uow.recovery_codes.mark_used(match.id, now):
            after = await self._limits.wrong(uow, counted, user.key, source, now, chat_id)
            await self._audit(uow, AuditKind.RECOVERY_CODE_FAILED, user, now, chat_id, by=kind.value)
            return RecoveryUse(
                False, 0, RecoveryOutcome.WRONG, after.locked_until if after.locked_at(now) else None
            )
        await self._limits.succeeded(uow, counted)
        left = await uow.recovery_codes.remaining(user.key)
        await self._audit(
            uow, AuditKind.RECOVERY_CODE_USED, user, now, chat_id, by=kind.value, remaining=left
        )
        notice = texts_recovery.notice_code_used(user, now, left, at_sign_in=kind is SendKind.LOGIN)
        await enqueue_notice(uow, user, *notice, now)
        return RecoveryUse(True, left, RecoveryOutcome.USED)

    async def remaining(self, uow: UnitOfWork, user: User) -> int:
        """How many of the user's codes are still unused (for the status line)."""
        return await uow.recovery_codes.remaining(user.key)

    async def discard(self, uow: UnitOfWork, user: User, now: datetime, chat_id: str | None = None) -> int:
        """Forget the user's set (2FA turned off); returns how many codes there were."""
        count = await uow.recovery_codes.delete_for_user(user.key)
        if count:
            await self._audit(uow, AuditKind.RECOVERY_CODES_DISCARDED, user, now, chat_id, count=count)
        return count

    async def _check(self, code: str, candidates: list[StoredRecoveryCode]) -> StoredRecoveryCode | None:
        """The candidate `code` hashes to; exactly one scrypt run when there are none or one."""
        if not candidates:
            if self._stand_in is None:
                self._stand_in = await self._hasher.hash("stand-in, never a code")
            await self._hasher.verify(code, self._stand_in)
            return None
        for candidate in candidates:
            if await self._hasher.verify(code, candidate.hash):
                return candidate
        return None

    @staticmethod
    async def _audit(
        uow: UnitOfWork, kind: AuditKind, user: User, now: datetime, chat_id: str | None, **detail: object
    ) -> None:
        actor = f"chat:{chat_id}" if chat_id else "system"
        await uow.audit.add(AuditEvent(now, kind, user.key, chat_id, actor, dict(detail)))
