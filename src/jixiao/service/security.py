"""Passwords, personal tokens, session keys, the server secret and CSRF tokens.

- Passwords are hashed with argon2id (argon2-cffi); only the hash is stored.
- Personal API tokens and browser session keys are random (``secrets``); only their
  SHA-256 is stored, so a copy of the database does not let anyone sign in.
- The server secret (for CSRF tokens) comes from ``JIXIAO_SECRET_KEY`` or from the file
  ``secret.key`` in the data folder, created on first use with mode 0600.
- CSRF: a state-changing form post must carry ``csrf_token(secret, session_key)`` (a form
  field or the ``X-CSRF-Token`` header); ``check_csrf`` compares in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

SESSION_COOKIE = "jixiao_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
TOKEN_PREFIX = "jx_"
SECRET_FILE = "secret.key"
MIN_PASSWORD = 8


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2id with the library's recommended parameters (RFC 9106 low-memory profile).

    ``JIXIAO_FAST_HASH=1`` selects the cheapest parameters — for the test suite only, where
    hundreds of users are created; never set it on a server.
    """
    if os.environ.get("JIXIAO_FAST_HASH") == "1":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("jixiao-dummy-password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; an absent hash still costs one verification."""
    try:
        return _hasher().verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少需要 {MIN_PASSWORD} 个字符"
    if len(password) > 200:
        return "密码过长（最多 200 个字符）"
    return None


def new_password() -> str:
    return secrets.token_urlsafe(12)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A personal API token: ``jx_`` and 43 random URL-safe characters."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_session_key() -> str:
    return secrets.token_urlsafe(32)


def load_secret(data: Path | None) -> bytes:
    """The server secret: ``JIXIAO_SECRET_KEY``, else ``<data>/secret.key`` (made 0600)."""
    env = os.environ.get("JIXIAO_SECRET_KEY", "").strip()
    if env:
        return env.encode("utf-8")
    if data is None:
        return secrets.token_bytes(32)  # a store without a folder: secret for this process
    path = Path(data) / SECRET_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as f:
        f.write(value)
    return value


def csrf_token(secret: bytes, session_key: str) -> str:
    """The CSRF token of a browser session: an HMAC of its key, never stored."""
    return hmac.new(secret, b"csrf:" + session_key.encode("utf-8"), hashlib.sha256).hexdigest()


def check_csrf(secret: bytes, session_key: str, token: str | None) -> bool:
    if not token:
        return False
    return hmac.compare_digest(csrf_token(secret, session_key), token)
