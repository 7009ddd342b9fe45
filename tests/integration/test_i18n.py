"""Every word a user sees comes from the catalogues, and every catalogue is complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment

PROJECT = Path(__file__).resolve().parents[2]
LANGUAGES = ("et", "en", "ru")
# Words that are the same in every language: the product's name and the languages' own names.
UNTRANSLATED_ALLOWED = {"Koosloome", "Eesti", "English", "Русский", "QR", "×", "€", "%"}
TRANSLATED_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "aria-description",
                         "aria-roledescription")


def catalogue(language: str):  # type: ignore[no-untyped-def]
    with (PROJECT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def source_messages() -> set[str]:
    """Every msgid the code and templates hold now, as `make catalogues` would extract."""
    method_map = [("app/**.py", "python"), ("facilitation/**.py", "python"),
                  ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None,
                "_l": None}
    found: set[str] = set()
    for folder in ("app", "facilitation", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                str(PROJECT / folder), [(pattern.split("/", 1)[1], kind)
                                        for pattern, kind in method_map
                                        if pattern.startswith(folder)], keywords=keywords):
            found.update([message] if isinstance(message, str) else
                         [m for m in message if m])
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language: str) -> None:
    entries = [message for message in catalogue(language) if message.id]
    untranslated = [m.id for m in entries if not (
        all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy entries: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_holds_every_message_of_the_code(language: str) -> None:
    # A plural entry (ngettext) holds both its singular and its plural form.
    known = {form for m in catalogue(language) if m.id
             for form in ([m.id] if isinstance(m.id, str) else m.id)}
    missing = sorted(source_messages() - known)
    assert not missing, f"{language}: run `make catalogues` and translate: {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in catalogue(language):
        if not message.id or not isinstance(message.id, str) or not message.string:
            continue
        assert sorted(placeholder.findall(message.id)) == sorted(
            placeholder.findall(str(message.string))), (language, message.id)


def template_text_outside_translation(source: str) -> list[str]:
    """Words in a template's markup that no translation call produces."""
    environment = Environment(extensions=["jinja2.ext.i18n"])
    # Blocks that fill in a class name hold code words, not text.
    source = re.sub(r"{%-?\s*block\s+\w*class\w*\s*-?%}.*?{%-?\s*endblock\b[^%]*%}", " ",
                    source, flags=re.S)
    data = "".join(value for _line, kind, value in environment.lex(source) if kind == "data")
    found = []
    for attribute in TRANSLATED_ATTRIBUTES:
        for value in re.findall(rf'\s{attribute}="([^"{{}}]*)"', data):
            found.append(value)
    text = re.sub(r"<!--.*?-->", " ", data, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[#\w]+;", " ", text)
    # Macros may emit bare attributes outside a tag as the lexer sees it.
    text = re.sub(r"[\w-]+=\"[^\"]*\"", " ", text)
    text = re.sub(r"\b(hidden|disabled|checked|selected|required|open)\b", " ", text)
    found.extend(text.split())
    return [word for word in found
            if re.search(r"[^\W\d_]", word) and word.strip(".,:;!?()") not in
            UNTRANSLATED_ALLOWED]


def test_templates_hold_no_text_outside_translation_calls() -> None:
    offenders = {}
    for template in sorted((PROJECT / "templates").rglob("*.html")):
        words = template_text_outside_translation(template.read_text(encoding="utf-8"))
        if words:
            offenders[str(template.relative_to(PROJECT))] = words[:8]
    assert not offenders, offenders


def test_the_text_check_catches_a_bare_word() -> None:
    assert template_text_outside_translation('<p>{{ _("Hello") }}</p>') == []
    assert template_text_outside_translation("<p>Tere</p>") == ["Tere"]
    assert template_text_outside_translation('<img alt="Logo" src="x">') == ["Logo"]


@pytest.mark.parametrize(("language", "forms"), [
    ("et", {"one": "täpp", "other": "täppi"}),
    ("en", {"one": "dot", "other": "dots"}),
    ("ru", {"one": "голос", "few": "голоса", "many": "голосов"}),
])
def test_a_number_of_dots_takes_the_languages_plural_form(app, language: str,
                                                         forms: dict[str, str]) -> None:
    """The board says "1 täpp" and "5 täppi", "21 голос", "3 голоса" and "11 голосов"."""
    from app.web.screen_text import screen_text

    with app.test_request_context(f"/?lang={language}"):
        label = screen_text("board")["votes_label"]
        assert isinstance(label, dict)
        for category, word in forms.items():
            assert label[category] == word, (category, label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phones_socket_answers_in_the_phones_language(app, language: str) -> None:
    """A refused dot says why in the language the phone's browser asked for, every time."""
    from app.extensions import socketio
    from app.services.participants import join_workshop
    from tests.conftest import make_workshop, new_client_id

    wording = {message.id: message.string for message in catalogue(language) if message.id}
    expected = wording["We could not find that."]
    workshop = make_workshop(phase="collecting")
    _participant, token = join_workshop(workshop.code, "")
    socket = socketio.test_client(app, auth={"token": token},
                                  headers={"Accept-Language": f"{language};q=1, de;q=0.5"})
    for _attempt in range(2):  # the language is chosen at connect and kept for its events
        ack = socket.emit("vote:cast", {"idea_id": 999, "client_id": new_client_id()},
                          callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "not_found"
        assert ack["error"]["message"] == expected
