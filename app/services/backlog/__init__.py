"""The idea backlog: every idea of every seminar in one list, to filter, triage and merge.

``access`` says who may read and change it, ``filters`` reads its filters, ``queries`` reads
pages and single ideas with their dots, ``actions`` triages, themes and merges,
``duplicates`` suggests ideas to merge, and ``serialise`` gives an idea's JSON.
"""

from .access import check_editor, check_reader
from .actions import BulkResult, merge, set_theme, triage
from .duplicates import DuplicateSuggestion, duplicate_pairs_of, duplicate_suggestions
from .filters import BacklogFilters, parse_filters
from .queries import (
    BacklogPage,
    BacklogRow,
    IdeaDetail,
    all_backlog_rows,
    combined_dots,
    idea_detail,
    list_backlog,
    own_dots,
    themes,
)
from .serialise import backlog_idea_json

__all__ = [
    "BacklogFilters", "BacklogPage", "BacklogRow", "BulkResult", "DuplicateSuggestion",
    "IdeaDetail", "all_backlog_rows", "backlog_idea_json", "check_editor", "check_reader",
    "combined_dots", "duplicate_pairs_of", "duplicate_suggestions", "idea_detail",
    "list_backlog", "merge", "own_dots", "parse_filters", "set_theme", "themes", "triage",
]
