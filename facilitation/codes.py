"""Join codes typed by participants and secret tokens for boards and rejoining."""

from __future__ import annotations

import hashlib
import random
import re
import secrets

# No 0/O or 1/I: codes are read off a projector and typed on phones.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6

# Phones like to auto-correct "-" into typographic dashes.
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")
_ALPHABET_SET = frozenset(JOIN_CODE_ALPHABET)
# Anything much longer than a code is not a mistyped code; skip the work.
_MAX_RAW_LENGTH = 64


def new_join_code(rng: random.Random | None = None) -> str:
    """Return a random join code; pass ``rng`` only for reproducible tests."""
    choose = secrets.choice if rng is None else rng.choice
    return "".join(choose(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(value: object) -> str | None:
    """Return the canonical join code for user input, or None if it cannot be one."""
    if not isinstance(value, str) or len(value) > _MAX_RAW_LENGTH:
        return None
    code = _SEPARATORS.sub("", value)
    # ASCII check before upper(): "ß".upper() == "SS" would sneak into the alphabet.
    if not code.isascii():
        return None
    code = code.upper()
    if len(code) != JOIN_CODE_LENGTH or not _ALPHABET_SET.issuperset(code):
        return None
    return code


def join_code_space() -> int:
    """Return the number of possible join codes: 32 ** 6 ≈ 1.07e9."""
    # typeshed types int ** int as Any (negative exponents give floats).
    space: int = len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH
    return space


def new_board_key() -> str:
    """Return a fresh secret for the shared board URL (24 random bytes)."""
    return secrets.token_urlsafe(24)


def new_rejoin_token() -> str:
    """Return a fresh secret that lets a participant's phone rejoin (32 random bytes)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest of ``token`` so only hashes are stored."""
    # Tokens are high-entropy random values, so a fast unsalted hash is enough.
    return hashlib.sha256(token.encode()).hexdigest()
