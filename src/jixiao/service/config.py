"""Settings of the service: session lifetime, login throttling, sign-in cache.

Input limits (upload size, text length, rows) are the project's one set of limits,
``jixiao.limits`` (``JIXIAO_MAX_BYTES`` …).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    session_hours: int = field(default_factory=lambda: _int_env("JIXIAO_SESSION_HOURS", 12))
    login_attempts: int = 5  # consecutive failures before a user is locked out
    lockout_seconds: int = 60  # first lockout; doubles with each further failure
    lockout_max_seconds: int = 900
    ip_failures: int = 30  # failures from one address within ip_window before refusal
    ip_window_seconds: int = 300
    auth_cache_seconds: float = field(
        default_factory=lambda: float(_int_env("JIXIAO_AUTH_CACHE_SECONDS", 10))
    )
    secure_cookies: bool = field(
        default_factory=lambda: os.environ.get("JIXIAO_SECURE_COOKIES", "") == "1"
    )
