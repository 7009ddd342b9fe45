"""Blueprints: one per kind of screen, plus the JSON API."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import (
        admin,
        api,
        api_pipeline,
        auth,
        backlog,
        board,
        facilitator,
        main,
        participant,
        proposals,
        reports,
    )

    for module in (main, auth, participant, board, facilitator, api, api_pipeline, backlog,
                   proposals, reports, admin):
        app.register_blueprint(module.bp)
    main.register_page_hooks(app)
