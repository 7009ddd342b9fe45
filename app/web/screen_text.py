"""Words the screens' JavaScript shows, taken from the translation catalogues.

Each page renders its screen's dictionary into a JSON block, so the scripts hold no text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

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
        "rank": _("%(rank)s."),
        "other_ideas": _("Other ideas"),
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


def _phone() -> dict[str, object]:
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
        # The number goes in by the script: the catalogue's form is chosen for it.
        "characters_left": plural_forms(lambda n: ngettext(
            "Characters left: %(count)s", "Characters left: %(count)s", n, count="%(n)s")),
        "max_dots_on_idea": _("You can put at most %(n)s of your dots on one idea."),
        "no_dots_to_take_back": _("You have no dots on this idea."),
        "idea_empty": _("Please write your idea first."),
        "idea_saved_offline": _("Saved. It will be sent when the connection is back."),
        "idea_waiting_for_approval": _("Thank you! Your idea was sent. It reaches the screen "
                                       "once the facilitator has read it."),
        "waiting_for_approval": _("Waiting for the facilitator"),
        "merged_with": _("Your idea was joined with “%(text)s”."),
        "all_dots_used": _("All your dots are used. Take one back to give it to another idea."),
        "dot_saved_offline": _("Saved. It will be sent when the connection is back."),
        "dot_waiting": _("Waiting to be sent"),
        "settings": _("Text size and contrast"),
        # The letters on the button that opens the text size and contrast settings.
        "display_toggle": _("Aa"),
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
        "fullscreen": _("Full screen"),
        "ideas_count": _("Ideas: %(n)s"),
        "page_short": _("%(page)s/%(pages)s"),
        "page_long": _("Page %(page)s of %(pages)s"),
        "previous_page": _("Previous page"),
        "next_page": _("Next page"),
        "pause": _("Pause"),
        "pause_paging": _("Pause the pages"),
        "resume_paging": _("Turn the pages again"),
        "board_controls": _("Board controls"),
        "join_label": _("Join:"),
        "joining_closed": _("Joining is closed."),
        "workshop_ended": _("This workshop has ended. Thank you for taking part!"),
        "results_title": _("Results"),
        "rank_long": _("Place %(rank)s"),
        "cluster_totals": _("Dots per cluster"),
        "cluster_total": _("%(title)s: %(n)s"),
        "idea_in_full": _("Idea #%(number)s in full"),
    }


def _console() -> dict[str, str]:
    return {
        "hide": _("Hide"),
        "show": _("Show again"),
        "edit": _("Edit"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "hidden_badge": _("Hidden"),
        "on_behalf_badge": _("From paper"),
        "ballot_added": _("Paper ballot %(name)s added."),
        "confirm_phase": _("Move the workshop to: %(phase)s?"),
        "move_to": _("Move to: %(phase)s"),
        "back_to": _("Back to: %(phase)s"),
        "no_timer": _("No timer running."),
        "timer_set": _("Timer set: %(time)s"),
        "timer_cleared": _("Timer cleared."),
        "timer_invalid": _("Write the minutes as a number from 0.5 to 180, for example 2.5 "
                           "or 2,5."),
        "new_idea_announcement": _("New idea: %(text)s"),
        "idea_number": _("#%(number)s"),
        "select_idea": _("Select %(number)s"),
        "idea_hidden": _("Idea hidden from the board and the phones."),
        "idea_shown": _("Idea shown again."),
        "idea_saved": _("Idea saved."),
        "paper_idea_added": _("Added from paper as %(number)s: %(text)s"),
        "paper_idea_waiting": _("Not sent yet: it will be added as soon as the connection is "
                                "back. %(text)s"),
        "merge_option": _("%(number)s: %(text)s"),
        "merge_need_target": _("First choose the idea to keep."),
        "merge_need_sources": _("Select at least one other idea to merge into it."),
        "confirm_merge": _("Merge %(sources)s into %(target)s? Their dots move to "
                           "%(target)s, and they leave the board."),
        "merged": _("Merged %(sources)s into %(target)s. Dots moved: %(moved)s. "
                    "Dots given back: %(returned)s."),
        "merged_from": _("Merged from %(numbers)s"),
        "ballot_option": _("%(name)s (dots left: %(n)s)"),
        "ballot_status": _("Ballot %(name)s: dots left %(n)s"),
        "ballot_dots_on_idea": _("This ballot: %(n)s"),
        "ballot_dot_added": _("Dot added for ballot %(name)s. Dots left: %(n)s"),
        "ballot_dot_removed": _("Dot taken back from ballot %(name)s. Dots left: %(n)s"),
        "not_connected": _("Not connected. Wait for the connection and try again."),
        "ballot_no_dots": _("This ballot has no dots left."),
        "max_dots_on_idea": _("You can put at most %(n)s of your dots on one idea."),
        "no_dots_to_take_back": _("This ballot has no dots on this idea."),
        "selected_count": _("Selected: %(n)s"),
        "rank": _("%(rank)s."),
        **_console_clusters(),
        **_console_moderation(),
        **_console_panels(),
    }


def _console_clusters() -> dict[str, str]:
    """The console's clusters: static/js/clusters_panel.js, idea_moves.js, cluster_suggestions.js."""
    return {
        "other_ideas": _("Other ideas"),
        "cluster_option": _("%(key)s: %(title)s"),
        "cluster_ideas": _("Ideas: %(n)s"),
        "cluster_created": _("Cluster created: %(title)s"),
        "cluster_renamed": _("Cluster renamed: %(title)s"),
        "cluster_moved": _("Cluster %(title)s is now number %(n)s."),
        "cluster_first": _("This cluster is already the first."),
        "cluster_last": _("This cluster is already the last."),
        "cluster_deleted": _("Cluster deleted: %(title)s. Its ideas are now among the other "
                             "ideas."),
        "confirm_delete_cluster": _("Delete the cluster “%(title)s”? Its ideas stay, among the "
                                    "other ideas."),
        "cluster_title_empty": _("Write a title for the cluster."),
        "cluster_title_taken": _("Another cluster is already called “%(title)s”."),
        "moved_to_cluster": _("Moved to %(cluster)s: %(numbers)s"),
        "move_need_selection": _("First select ideas with their checkboxes."),
        "move_need_target": _("First choose where to move the selected ideas."),
        "no_cluster_key": _("There is no cluster number %(n)s."),
        "suggestions_loading": _("Looking for ideas that belong together…"),
        "suggestions_ready": _("Suggested clusters: %(n)s. Nothing changes until you accept "
                               "one."),
        "suggestions_none": _("No suggestions: no ideas are alike enough yet."),
        "suggestion_accepted": _("Cluster created: %(title)s. Ideas in it: %(n)s."),
        "suggestion_discarded": _("Suggestion discarded: %(title)s"),
        "suggestion_empty": _("Keep at least one idea in the suggestion, or discard it."),
        "suggestion_now_in": _("(now in %(cluster)s)"),
    }


def _console_moderation() -> dict[str, str]:
    """The console's queue of ideas waiting for approval: static/js/moderation.js."""
    return {
        "pending_idea_announcement": _("New idea waiting for approval: %(text)s"),
        "pending_ideas_count": _("New ideas waiting for approval: %(n)s"),
        "approved": _("Approved, now on the board: %(numbers)s"),
        "rejected": _("Rejected and kept hidden: %(text)s"),
        "approve_need_selection": _("First select the ideas to approve."),
    }


def _console_panels() -> dict[str, str]:
    """The console's door, participants and team panels (static/js/door.js and its kin)."""
    return {
        "door_state_open": _("Open: new phones can join with the code."),
        "door_state_closed": _("Closed: only phones that have already joined get in."),
        "door_close": _("Close joining"),
        "door_open": _("Open joining again"),
        "door_closed": _("Joining closed. Phones that joined earlier still get in."),
        "door_opened": _("Joining is open again."),
        "joined_count": _("Joined: %(n)s"),
        "joined_of_expected": _("Joined: %(n)s of %(expected)s expected"),
        "joins_in_words": _("Joined in the last %(minutes)s minutes: %(n)s. Most in one minute: "
                            "%(busiest)s."),
        "no_joins_yet": _("Nobody has joined yet."),
        "expected_saved": _("Expected number of people saved."),
        "participants_removed": _("Participants removed: %(n)s"),
        "confirm_remove_inactive": _("Remove everyone who joined but has posted no idea and "
                                     "given no dot? This cannot be undone."),
        "confirm_remove_after": _("Remove everyone who joined at or after %(time)s, with their "
                                  "ideas and dots? This cannot be undone."),
        "confirm_remove_one": _("Remove %(name)s with their ideas and dots? This cannot be "
                                "undone."),
        "joined_at": _("joined at %(time)s"),
        "ideas_count": _("Ideas: %(n)s"),
        "paper_ballot_by": _("paper ballot added by %(name)s"),
        "participant_number": _("Participant %(id)s"),
        "remove_person": _("Remove %(name)s"),
        "people_listed": _("Participants listed: %(n)s"),
    }


_SCREENS: dict[str, Callable[[], Mapping[str, object]]] = {
    "phone": _phone, "board": _board, "console": _console}
