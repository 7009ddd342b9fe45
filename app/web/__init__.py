"""Blueprints: one per kind of screen, plus the JSON API."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from ..database import MAX_ID


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in a URL matches only ids the database can hold: a bigger one is a 404."""

    def __init__(self, map: object, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter
    from . import (
        admin,
        api,
        api_clusters,
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

    for module in (main, auth, participant, board, facilitator, api, api_clusters, api_pipeline,
                   backlog, proposals, reports, admin):
        app.register_blueprint(module.bp)
    main.register_page_hooks(app)
