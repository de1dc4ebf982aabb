"""Password hashing (Argon2id), random tokens and their hashes, signed links."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# Argon2id is memory-hard: 64 MiB per hash makes offline guessing expensive.
_hasher = PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=2)

SESSION_PREFIX = "cvs_"
API_TOKEN_PREFIX = "cvt_"


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A dummy hash to verify against when the user does not exist, so timing does not tell.
_DUMMY_HASH = _hasher.hash("no-such-user-" + secrets.token_hex(8))


def burn_password_check(password: str) -> None:
    """Spend the same time as a real check, for unknown accounts."""
    verify_password(_DUMMY_HASH, password)


def new_token(prefix: str) -> str:
    """A long random bearer value with a recognisable prefix."""
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 of a random token (high-entropy, so a fast hash is enough)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def short_sign(
    secret: str, purpose: str, ident: int, ttl_days: int, *, now: float | None = None
) -> str:
    """A compact signed token for links inside texts (an SMS has little room): id.expiry.mac."""
    expires = int((now or time.time()) // 86400) + ttl_days
    body = f"{_b36(ident)}.{_b36(expires)}"
    mac = hmac.new(secret.encode(), f"{purpose}|{body}".encode(), hashlib.sha256).digest()[:9]
    return f"{body}.{base64.urlsafe_b64encode(mac).decode()}"


def short_unsign(secret: str, purpose: str, token: str, *, now: float | None = None) -> int | None:
    """The id inside a valid, unexpired short token for this purpose, else None."""
    try:
        ident36, exp36, mac = token.split(".")
        ident, expires = int(ident36, 36), int(exp36, 36)
    except ValueError:
        return None
    body = f"{ident36}.{exp36}"
    expected = base64.urlsafe_b64encode(
        hmac.new(secret.encode(), f"{purpose}|{body}".encode(), hashlib.sha256).digest()[:9]
    ).decode()
    if not hmac.compare_digest(expected, mac) or expires < int((now or time.time()) // 86400):
        return None
    return ident
