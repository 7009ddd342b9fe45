"""Spelling of the catalogues: hunspell over every msgstr, with the project's own word lists.

    python -m tests.lint.spelling          # every language; exits 1 listing unknown words
    python -m tests.lint.spelling ru       # one language

Placeholders, markup and anything holding a digit (amounts, codes, "A4") are taken out
first. Names and terms the dictionaries lack (Võrumaa, LEADER, PRIA, Koosloome) live in
translations/words-<language>.txt, one word form a line, exactly as it appears in the text:
a line in lower case also accepts the word capitalised or in capitals, as hunspell does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.pofile import read_po

PROJECT = Path(__file__).resolve().parents[2]
TRANSLATIONS = PROJECT / "translations"
DICTIONARIES = {"et": "et_EE", "en": "en_US", "ru": "ru_RU"}
PACKAGES = "hunspell hunspell-et hunspell-ru hunspell-en-us"

_NOT_WORDS = re.compile(
    r"%\(\w+\)[sd]|%%"            # placeholders
    r"|<[^>]*>|&#?\w+;"           # markup and entities
    r"|\S+@\S+|https?://\S+"      # addresses
    r"|[^\s()]*\d[^\s()]*"        # anything with a digit: 12 743,68, KX7P3M, A4-lehele
)


class HunspellMissing(RuntimeError):
    """hunspell, or one of its dictionaries, is not installed."""


def catalogue_texts(language: str) -> dict[str, list[str]]:
    """Every msgstr of a catalogue (each plural form), keyed by its msgid."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalogue = read_po(f, locale=language)
    texts: dict[str, list[str]] = {}
    for message in catalogue:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        string = message.string
        forms = list(string) if isinstance(string, tuple | list) else [string]
        texts.setdefault(msgid, []).extend(str(form) for form in forms if form)
    return texts


def plain_text(text: str) -> str:
    """The words of a msgstr, without placeholders, markup or figures."""
    return _NOT_WORDS.sub(" ", text)


def project_words(language: str) -> set[str]:
    path = TRANSLATIONS / f"words-{language}.txt"
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def is_project_word(word: str, words: set[str]) -> bool:
    if word in words:
        return True
    return (word == word.capitalize() or word.isupper()) and word.lower() in words


def hunspell_unknown(language: str, texts: Iterable[str]) -> set[str]:
    """The words hunspell's dictionary for `language` does not know."""
    if shutil.which("hunspell") is None:
        raise HunspellMissing(f"hunspell is not installed (apt-get install {PACKAGES})")
    result = subprocess.run(
        ["hunspell", "-i", "UTF-8", "-d", DICTIONARIES[language], "-l"],
        input="\n".join(plain_text(text) for text in texts), capture_output=True,
        text=True, encoding="utf-8", check=False)
    if result.returncode != 0:
        raise HunspellMissing(f"hunspell cannot use {DICTIONARIES[language]}: "
                              f"{result.stderr.strip()} (apt-get install {PACKAGES})")
    return set(result.stdout.split())


def misspellings(language: str) -> dict[str, list[str]]:
    """Unknown words of a catalogue, each with the msgids that hold it."""
    texts = catalogue_texts(language)
    words = project_words(language)
    unknown = {word for word in hunspell_unknown(language, (t for forms in texts.values()
                                                            for t in forms))
               if not is_project_word(word, words)}
    found: dict[str, list[str]] = {}
    for word in sorted(unknown):
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        found[word] = [msgid for msgid, forms in texts.items()
                       if any(pattern.search(plain_text(form)) for form in forms)]
    return found


def main(argv: list[str]) -> int:
    languages = argv or list(DICTIONARIES)
    failed = False
    for language in languages:
        try:
            found = misspellings(language)
        except HunspellMissing as missing:
            print(f"spelling: {missing}", file=sys.stderr)
            return 2
        for word, msgids in found.items():
            failed = True
            where = "; ".join(msgid[:60] for msgid in msgids[:3])
            print(f"translations/{language}: unknown word {word!r} in: {where}")
    if failed:
        print("Fix the spelling, or add a name or term to translations/words-<language>.txt.",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
