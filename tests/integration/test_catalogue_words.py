"""One word per concept in every catalogue (docs/glossary.md), and counters that read right at 1."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.lint import spelling

PROJECT = Path(__file__).resolve().parents[2]

# Words a language review replaced, and the word docs/glossary.md keeps for the concept.
REPLACED = [
    ("et", r"\bKTG", "tegevusrühm"),
    ("et", r"(?i)häletäpp", "täpp"),
    ("et", r"(?i)hääleleh", "hääletussedel"),
    ("et", r"(?i)ideede jagami", "ideede kogumine"),
    ("et", r"(?i)omaosalu", "omafinantseering"),
    ("ru", r"(?i)лидер", "LEADER, in Latin letters"),
    ("ru", r"(?i)\bточ(?:к|ек)", "голос"),
    ("ru", r"(?i)приемлем\w* стоимост", "приемлемые расходы"),
    ("ru", r"\bдн\.", "день / дня / дней, with ngettext"),
    ("ru", r"(?i)присоедин", "войти, вход"),
    ("ru", r"(?i)\bв (?:\w+ )?семинаре", "на семинаре"),
]

# A number in an English sentence: any %(…)d, or a %(…)s whose name says it holds a count.
_COUNT = r"%\((?:\w+\)d|(?:n|num|count|dots|days|total)\)s)"
# "%(n)s have voted", "%(n)s dots given", "And %(n)s more ideas" read wrong at n = 1. Only
# words that read right after any number may follow one: "%(n)s min", "%(n)s of your dots".
COUNTER_BEFORE_A_WORD = re.compile(_COUNT + r" (?!(?:of|min)\b)[^\W\d_]")

DEMO_MODULES = ("app/services/demo.py", "app/services/pipeline_demo.py")
# The interface's word on the right: the demo data is what people see first.
DEMO_WORDS_NOT_USED = {r"\bpunkt": "täpp", r"omaosalu": "omafinantseering",
                       r"\bKTG": "tegevusrühm", r"puuetega": "puudega"}


def catalogue(language: str):  # type: ignore[no-untyped-def]
    with (PROJECT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def msgstrs(language: str) -> list[tuple[str, str]]:
    """(msgid, text) for every msgstr of a catalogue, each plural form on its own."""
    found = []
    for message in catalogue(language):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        found.extend((msgid, form) for form in forms)
    return found


@pytest.mark.parametrize(("language", "pattern", "instead"), REPLACED,
                         ids=[f"{lang}:{pattern}" for lang, pattern, _ in REPLACED])
def test_no_catalogue_entry_uses_a_word_the_glossary_replaced(language: str, pattern: str,
                                                             instead: str) -> None:
    offenders = [msgid for msgid, text in msgstrs(language) if re.search(pattern, text)]
    assert not offenders, f"{language}: say {instead!r} instead, in: {offenders[:5]}"


def test_english_counters_read_right_when_the_number_is_one() -> None:
    offenders = []
    for message in catalogue("en"):
        if not message.id or message.pluralizable:
            continue  # a plural entry has a form for 1
        offenders.extend(text for text in (message.id, message.string)
                         if COUNTER_BEFORE_A_WORD.search(text))
    assert not offenders, f"use 'Label: %(n)s' or ngettext: {sorted(set(offenders))}"


@pytest.mark.parametrize("text", ["%(n)s have voted", "%(n)s dots given",
                                  "And %(n)s more ideas", "%(n)s characters left",
                                  "You can put at most %(n)s dots on one idea.",
                                  "%(text)s (%(dots)s dots)", "within %(days)d days after"])
def test_the_counter_check_catches_a_number_before_a_noun(text: str) -> None:
    assert COUNTER_BEFORE_A_WORD.search(text)


@pytest.mark.parametrize("text", ["Have voted: %(n)s", "Dots given: %(n)s", "%(n)s min",
                                  "You can put at most %(n)s of your dots on one idea.",
                                  "%(name)s added.", "(%(own)s on this idea)",
                                  "Page %(page)s of %(pages)s", "%(text)s (dots: %(dots)s)"])
def test_the_counter_check_lets_a_labelled_number_through(text: str) -> None:
    assert not COUNTER_BEFORE_A_WORD.search(text)


@pytest.mark.parametrize("module", DEMO_MODULES)
def test_the_demo_data_uses_the_interfaces_words(module: str) -> None:
    source = (PROJECT / module).read_text(encoding="utf-8")
    for pattern, instead in DEMO_WORDS_NOT_USED.items():
        assert not re.search(pattern, source), f"{module}: say {instead!r}, as the interface does"


needs_hunspell = pytest.mark.skipif(shutil.which("hunspell") is None,
                                    reason=f"apt-get install {spelling.PACKAGES}")


@needs_hunspell
def test_the_spelling_check_finds_a_misspelt_word() -> None:
    assert spelling.hunspell_unknown("et", ["Häletäppe osaleja kohta"]) == {"Häletäppe"}
    assert spelling.hunspell_unknown("ru", ["Отдать голос"]) == set()


def test_the_spelling_check_reads_only_words() -> None:
    text = spelling.plain_text("<b>Täppe</b> alles: %(n)s, 12 743,68 € (KX7P3M, A4-lehele) 5 %%")
    assert re.findall(r"[^\W\d_]+", text) == ["Täppe", "alles"]


def test_a_project_word_in_lower_case_also_accepts_capitals() -> None:
    words = {"koosloome", "LEADER"}
    assert spelling.is_project_word("Koosloome", words)
    assert spelling.is_project_word("KOOSLOOME", words)
    assert not spelling.is_project_word("Leader", words)


@needs_hunspell
@pytest.mark.parametrize("language", sorted(spelling.DICTIONARIES))
def test_every_catalogue_is_spelt_right(language: str) -> None:
    assert spelling.misspellings(language) == {}
