"""How many SMS segments each language's code messages take: GSM-7 (160 characters in one segment, 153
in each of several) when every character is in the GSM 03.38 alphabet, else UCS-2 (70, or 67 each).

    python bench/sms_segments.py

For every language and every purpose a code is sent for, the SMS body as the product builds it (a 6-digit
code, the policy's lifetime), its encoding, length and segments; and the worst case per language.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.catalogues import load_catalogues
from domain.core.challenge import Purpose
from domain.core.model import Channel
from domain.wording import texts
from domain.wording.i18n import LANGUAGES, install, speaking

# GSM 03.38 basic alphabet, and the extension table (each of those counts twice)
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")


def encoding(text: str) -> tuple[str, int]:
    """("GSM-7", septets) or ("UCS-2", UTF-16 code units)."""
    if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text):
        return "GSM-7", sum(2 if c in GSM_EXTENSION else 1 for c in text)
    return "UCS-2", len(text.encode("utf-16-le")) // 2


def segments(kind: str, length: int) -> int:
    single, each = (160, 153) if kind == "GSM-7" else (70, 67)
    return 1 if length <= single else -(-length // each)


def main() -> None:
    install(load_catalogues())
    lifetime = timedelta(minutes=10)
    print(f"{'lang':<5}{'purpose':<22}{'encoding':<9}{'length':>7}{'segments':>9}  outside GSM-7")
    worst: dict[str, tuple[int, str, int]] = {}
    for language in LANGUAGES:
        for purpose in Purpose:
            with speaking(language):
                body = texts.code_message(purpose, "123456", lifetime, Channel.SMS)
            kind, length = encoding(body)
            count = segments(kind, length)
            odd = "".join(sorted({c for c in body if c not in GSM_BASIC and c not in GSM_EXTENSION}))
            print(f"{language:<5}{purpose.value:<22}{kind:<9}{length:>7}{count:>9}  {odd}")
            if (count, length) > (worst.get(language, (0, "", 0))[0], worst.get(language, (0, "", 0))[2]):
                worst[language] = (count, kind, length)
    print()
    for language, (count, kind, length) in worst.items():
        print(f"{language}: at most {count} segment(s) (the longest: {kind}, {length} units)")


if __name__ == "__main__":
    main()
