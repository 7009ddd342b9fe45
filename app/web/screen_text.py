"""Words the screens' JavaScript shows, taken from the translation catalogues.

Each page renders its screen's dictionary into a JSON block, so the scripts hold no text.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import get_locale

from ..i18n import gettext as _
from ..i18n import ngettext
from ..services.vocabulary import target_group_names


def phase_names() -> dict[str, str]:
    return {
        "draft": _("Getting ready"),
        "collecting": _("Sharing ideas"),
        "grouping": _("Grouping ideas"),
        "voting": _("Voting"),
        "results": _("Results"),
        "closed": _("Finished"),
    }


def plural_forms(message: Callable[[int], str]) -> dict[str, str]:
    """A counted message in each plural category of the script's Intl.PluralRules.

    The catalogue's plural forms are picked by a formula on the number; the script asks for
    a category ("one", "few", "many", "other"). Each category is filled from a number that
    falls in it in every language we have: 1, 2 and 5 (in Russian 1, 21 … are "one", 2–4,
    22–24 … "few", 5–20, 25 … and 0 "many"; Estonian and English have only "one" and
    "other").
    """
    return {"one": message(1), "few": message(2), "many": message(5), "other": message(2)}


def _common() -> dict[str, object]:
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected"),
        "offline": _("No connection. We keep trying; nothing you sent is lost."),
        "reconnected": _("Connected again."),
        "timer_label": _("Time left"),
        "timer_last_minute": _("One minute left."),
        "timer_over": _("Time is up."),
        "phase_changed": _("Now: %(phase)s"),
        "votes_label": plural_forms(lambda n: ngettext("dot", "dots", n)),
        "error_generic": _("Something went wrong. Please try again."),
        "timer_started": _("Timer started: %(time)s"),
        "dots_count": _("Dots: %(n)s"),
        "new_ideas_count": _("New ideas: %(n)s"),
    }


def screen_text(screen: str) -> dict[str, object]:
    """The translated strings a screen's script needs, plus phase and group names.

    Built once per screen and language (the catalogues do not change while the server
    runs): a join storm renders the phone page a thousand times. Read it, do not change it.
    """
    key = (screen, str(get_locale()))
    strings = _built.get(key)
    if strings is None:
        strings = {
            **_common(),
            "phases": phase_names(),
            "target_groups": target_group_names(),
        }
        strings.update(_SCREENS.get(screen, dict)())
        _built[key] = strings
    return strings


_built: dict[tuple[str, str], dict[str, object]] = {}


def _phone() -> dict[str, str]:
    return {
        "idea_sent": _("Thank you! Your idea was sent."),
        "idea_sending": _("Sending…"),
        "dot_added": _("Dot added. Dots left: %(n)s"),
        "dot_removed": _("Dot taken back. Dots left: %(n)s"),
        "dots_left": _("Dots left: %(n)s"),
        "no_dots_left": _("You have used all your dots."),
        "add_dot": _("Add a dot"),
        "remove_dot": _("Take a dot back"),
        "your_dots_on_idea": _("Your dots on this idea: %(n)s"),
        "new_idea_announcement": _("New idea: %(text)s"),
        "characters_left": _("Characters left: %(n)s"),
        "max_dots_on_idea": _("You can put at most %(n)s of your dots on one idea."),
        "no_dots_to_take_back": _("You have no dots on this idea."),
        "idea_empty": _("Please write your idea first."),
        # The "similar ideas" hint while typing (static/js/similar_hint.js).
        "similar_heading": _("Similar ideas already on the wall:"),
        "similar_advice": _("When voting starts, you can give your dot to one of them. "
                            "Or send yours anyway."),
        "similar_announcement": _("Similar ideas already on the wall: %(n)s"),
        "similar_number": _("Idea %(id)s"),
    }


def _board() -> dict[str, str]:
    return {
        "new_idea_announcement": _("New idea: %(text)s"),
        "participants_joined": _("Joined: %(n)s"),
        "voters": _("Have voted: %(n)s"),
        "dots_cast": _("Dots given: %(n)s"),
        "counts_hidden": _("Counts are hidden until the results."),
        "more_ideas": _("More ideas: %(n)s"),
        "fullscreen": _("Full screen"),
    }


def _console() -> dict[str, str]:
    return {
        "hide": _("Hide"),
        "show": _("Show again"),
        "edit": _("Edit"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "merge_into": _("Merge into this idea"),
        "hidden_badge": _("Hidden"),
        "on_behalf_badge": _("From paper"),
        "ballot_added": _("Paper ballot %(name)s added."),
        "confirm_phase": _("Move the workshop to: %(phase)s?"),
        "move_to": _("Move to: %(phase)s"),
        "no_timer": _("No timer running."),
        "timer_set": _("Timer set: %(time)s"),
        "timer_cleared": _("Timer cleared."),
        "idea_number": _("Idea %(id)s"),
        "idea_hidden": _("Idea hidden from the board and the phones."),
        "idea_shown": _("Idea shown again."),
        "idea_saved": _("Idea saved."),
        "paper_idea_added": _("Idea from paper added."),
        "merge_option": _("%(id)s: %(text)s"),
        "merge_need_target": _("First choose the idea to keep."),
        "merge_need_sources": _("Select at least one other idea to merge into it."),
        "merged": _("Ideas merged. Dots moved: %(moved)s. Dots given back: %(returned)s."),
        "ballot_option": _("%(name)s (dots left: %(n)s)"),
        "ballot_status": _("Ballot %(name)s: dots left %(n)s"),
        "ballot_dots_on_idea": _("This ballot: %(n)s"),
        "ballot_dot_added": _("Dot added for ballot %(name)s. Dots left: %(n)s"),
        "ballot_dot_removed": _("Dot taken back from ballot %(name)s. Dots left: %(n)s"),
        "not_connected": _("Not connected. Wait for the connection and try again."),
        "ballot_no_dots": _("This ballot has no dots left."),
        "max_dots_on_idea": _("You can put at most %(n)s of your dots on one idea."),
        "no_dots_to_take_back": _("This ballot has no dots on this idea."),
    }


_SCREENS = {"phone": _phone, "board": _board, "console": _console}
