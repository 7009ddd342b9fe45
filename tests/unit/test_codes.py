"""Specification of join codes and secret tokens."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.codes import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    hash_token,
    join_code_space,
    new_board_key,
    new_join_code,
    new_rejoin_token,
    normalise_join_code,
)

URLSAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def test_alphabet_has_no_confusable_characters() -> None:
    for confusable in "0O1I":
        assert confusable not in JOIN_CODE_ALPHABET
    assert len(JOIN_CODE_ALPHABET) == len(set(JOIN_CODE_ALPHABET)) == 32


def test_join_code_space_is_about_a_billion() -> None:
    assert join_code_space() == 32**6 == 1_073_741_824


def test_new_join_code_uses_only_the_alphabet() -> None:
    for _ in range(50):
        code = new_join_code()
        assert len(code) == JOIN_CODE_LENGTH
        assert set(code) <= set(JOIN_CODE_ALPHABET)


def test_new_join_code_is_reproducible_with_a_seeded_rng() -> None:
    assert new_join_code(random.Random(7)) == new_join_code(random.Random(7))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ABCDEF", "ABCDEF"),
        ("abcdef", "ABCDEF"),
        ("abc-def", "ABCDEF"),
        ("  abc def  ", "ABCDEF"),
        ("a-b-c d e f", "ABCDEF"),
        ("xyz\u2013234", "XYZ234"),
    ],
)
def test_join_code_input_is_normalised(raw: str, expected: str) -> None:
    assert normalise_join_code(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "ABCDE",
        "ABCDEFG",
        "ABCDE0",
        "ABCDEO",
        "ABCDE1",
        "ABCDEI",
        "ABC_DE",
        "ABCDß",
        "ÄBCDEF",
        "A" * 1000,
    ],
)
def test_invalid_join_codes_normalise_to_none(raw: str) -> None:
    assert normalise_join_code(raw) is None


@pytest.mark.parametrize(("length", "read"), [(63, True), (64, True), (65, False)])
def test_input_of_up_to_64_characters_is_read_and_longer_input_is_not_a_code(
        length: int, read: bool) -> None:
    """A code padded with spaces (a phone's keyboard, a pasted line) is still read up to 64
    characters in all; anything longer is not a mistyped code."""
    raw = "ABC" + " " * (length - 6) + "DEF"
    assert len(raw) == length
    assert normalise_join_code(raw) == ("ABCDEF" if read else None)


@pytest.mark.parametrize("raw", [None, 123456, b"ABCDEF", ["ABCDEF"]])
def test_non_string_join_code_normalises_to_none(raw: object) -> None:
    assert normalise_join_code(raw) is None


@given(seed=st.integers(), separator=st.sampled_from(["", " ", "-"]), lower=st.booleans())
def test_new_join_codes_survive_normalisation(seed: int, separator: str, lower: bool) -> None:
    code = new_join_code(random.Random(seed))
    typed = separator.join([code[:3], code[3:]])
    if lower:
        typed = typed.lower()
    assert normalise_join_code(code) == code
    assert normalise_join_code(typed) == code


def test_board_keys_are_urlsafe_and_unique() -> None:
    keys = {new_board_key() for _ in range(20)}
    assert len(keys) == 20
    for key in keys:
        assert URLSAFE.match(key)
        assert len(key) == 32  # 24 bytes base64-encoded


def test_rejoin_tokens_are_urlsafe_and_unique() -> None:
    tokens = {new_rejoin_token() for _ in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert URLSAFE.match(token)
        assert len(token) == 43  # 32 bytes base64-encoded without padding


def test_hash_token_is_sha256_hex() -> None:
    assert hash_token("abc") == hashlib.sha256(b"abc").hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", hash_token(new_rejoin_token()))


def test_hash_token_distinguishes_tokens() -> None:
    assert hash_token("a") != hash_token("b")
