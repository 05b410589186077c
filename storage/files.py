"""Files that hold secrets or personal data (the SQLite database, the development key) are their owner's
alone: mode 0600. Standard library only, so the settings can use it without loading the database stack."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE = 0o600


def tighten(path: Path) -> None:
    """Make an existing file readable and writable by its owner only, warning when others could read it."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if current & 0o077:
        path.chmod(PRIVATE)
        log.warning("%s was open to other users (mode %o); it is now %o", path, current, PRIVATE)
