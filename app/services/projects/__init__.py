"""Cooperation projects: their partners' budgets and lines, actual costs, the seminars they pay
for, and the indicators the founding document promises to count.

``access`` says who may change what, ``actions`` makes every change, ``indicators`` counts
the figures for a reporting period, and ``serialise`` gives their JSON.
"""

from .access import get_project, projects
from .actions import (
    add_cost,
    add_line,
    create_project,
    delete_cost,
    delete_line,
    save_partner_budget,
    set_seminar_funding,
    update_line,
    update_project,
)
from .indicators import Indicators, indicators
from .serialise import indicators_json, project_json

__all__ = [
    "Indicators", "add_cost", "add_line", "create_project", "delete_cost", "delete_line",
    "get_project", "indicators", "indicators_json", "project_json", "projects",
    "save_partner_budget", "set_seminar_funding", "update_line", "update_project",
]
