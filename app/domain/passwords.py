"""Password rules and hashing: argon2id at OWASP's parameters, length limits and common passwords refused."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB of memory, 2 iterations, 1 degree of parallelism.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)

# A hash for no account at all: verifying against it takes as long as a real check, so a login
# for an unknown email costs the same time as one for a real account.
_DUMMY_HASH = HASHER.hash("rapport-no-such-account-placeholder")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


# Every reason a password is refused, by code (pages show them from a code: app/services/auth_messages.py).
PASSWORD_PROBLEMS = {
    "password_short": f"Use at least {MIN_LENGTH} characters: a short sentence you'll remember works well.",
    "password_long": f"Use at most {MAX_LENGTH} characters.",
    "password_common": (
        "That password is on lists of common passwords. Choose something only you would think of."
    ),
    "password_email": "Don't build your password from your email address.",
    "password_repeats": "That password repeats too few characters. Try a short sentence instead.",
}


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why this password can't be used, or None when it can."""
    if len(password) < MIN_LENGTH:
        return PASSWORD_PROBLEMS["password_short"]
    if len(password) > MAX_LENGTH:
        return PASSWORD_PROBLEMS["password_long"]
    folded = password.casefold()
    if folded in common_passwords() or folded.strip("0123456789!.") in common_passwords():
        return PASSWORD_PROBLEMS["password_common"]
    local_part = email.split("@", 1)[0].casefold()
    if local_part and len(local_part) >= 4 and local_part in folded:
        return PASSWORD_PROBLEMS["password_email"]
    if len(set(password)) < 4:
        return PASSWORD_PROBLEMS["password_repeats"]
    return None


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; takes the same time whether or not there is a hash."""
    try:
        return HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)
