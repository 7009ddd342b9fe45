"""Blueprints: one per kind of screen, plus the JSON API."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, auth, board, facilitator, main, participant

    for module in (main, auth, participant, board, facilitator, api):
        app.register_blueprint(module.bp)
    main.register_page_hooks(app)
