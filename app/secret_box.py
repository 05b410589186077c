"""`domain.ports.SecretBox` with AES-256-GCM (the `cryptography` package).

The key is derived from `TWOFA_SECRET_KEY` with HKDF-SHA256 under a label of its own, so it is never the
key that signs codes and tokens, and rotating `TWOFA_SECRET_KEY` makes every sealed secret unreadable
(the people concerned enrol their app again). A sealed value is `v1.` + base64url(nonce ‖ ciphertext ‖
tag); the context (a user's id) is authenticated with it, so a value moved to another row does not open.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_LABEL = b"twofa-assistant/app-secrets/v1"
_PREFIX = "v1."
_NONCE_BYTES = 12


class AesGcmSecretBox:
    """Seals and opens short secrets; a fresh random nonce for every seal."""

    def __init__(self, server_key: bytes) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(server_key)
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), context.encode())
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, context: str) -> str:
        if not sealed.startswith(_PREFIX):
            raise ValueError("not a sealed value of this version")
        try:
            raw = base64.urlsafe_b64decode(sealed[len(_PREFIX) :].encode("ascii"))
            opened = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
        except (InvalidTag, ValueError, UnicodeEncodeError):
            raise ValueError("the sealed value does not open with this key and context") from None
        return opened.decode()
