"""How the offline gateways show and keep messages: a boxed block for the terminal, a private file on disk.

Offline mode exists so a person can read the email or SMS that would have been sent, code included;
both outputs are local (a terminal and a folder the operator chose), never a log.
"""

from __future__ import annotations

import os
import secrets
import textwrap
from datetime import datetime
from pathlib import Path

_MIN_WIDTH = 12


def boxed(title: str, lines: list[str], width: int = 64) -> str:
    """`lines` wrapped inside a `width`-column Unicode box with `title` in its top edge.

    Blank lines are kept, long words are broken, and a title too long for the edge is cut with an ellipsis.
    Widths count code points, so wide (CJK, emoji) characters may push the right edge out.
    """
    width = max(width, _MIN_WIDTH)
    inner = width - 4  # "│ " + text + " │"
    label = f" {title} " if title else ""
    if len(label) > width - 3:
        label = label[: width - 5] + "… "
    top = "┌─" + label + "─" * (width - 3 - len(label)) + "┐"
    body: list[str] = []
    for line in lines:
        wrapped = textwrap.wrap(line, inner, replace_whitespace=True, drop_whitespace=True) or [""]
        body.extend(f"│ {part.ljust(inner)} │" for part in wrapped)
    bottom = "└" + "─" * (width - 2) + "┘"
    return "\n".join([top, *body, bottom])


def save_private(folder: Path, now: datetime, suffix: str, data: bytes) -> Path:
    """Write `data` to a new file in `folder` readable by its owner only, and return its path.

    The name is the UTC time plus a short random part, so files sort by time and never overwrite each
    other; the folder is created (owner-only) when missing, since the files hold one-time codes.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{secrets.token_hex(3)}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    return path
