"""The clusters of a workshop in /api/v1: list, create, rename or move, delete, assign ideas,
and the suggested clusters. The API's conventions are those of app/web/api.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from facilitation.phases import Audience

from ..extensions import csrf
from ..services import clusters, workshops
from ..services.access import check_staff
from ..services.errors import ServiceError
from ..services.snapshots import clusters_of, idea_json
from .api import body, csrf_error, http_error, principal, protect_cookie_sessions, service_error

bp = Blueprint("api_clusters", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.register_error_handler(ServiceError, service_error)
bp.register_error_handler(CSRFError, csrf_error)
bp.register_error_handler(HTTPException, http_error)
bp.before_request(protect_cookie_sessions)


@bp.get("/workshops/<int:workshop_id>/clusters")
def list_clusters(workshop_id: int) -> dict[str, Any]:
    check_staff(principal())
    return {"clusters": clusters_of(workshops.get_workshop(workshop_id), Audience.STAFF)}


@bp.post("/workshops/<int:workshop_id>/clusters")
def create_cluster(workshop_id: int) -> tuple[dict[str, Any], int]:
    cluster = clusters.create_cluster(principal(), {**body(), "workshop_id": workshop_id})
    return clusters.staff_json(cluster), 201


@bp.patch("/clusters/<int:cluster_id>")
def update_cluster(cluster_id: int) -> dict[str, Any]:
    cluster = clusters.update_cluster(principal(), {**body(), "cluster_id": cluster_id})
    return clusters.staff_json(cluster)


@bp.delete("/clusters/<int:cluster_id>")
def delete_cluster(cluster_id: int) -> tuple[str, int]:
    clusters.delete_cluster(principal(), {"cluster_id": cluster_id})
    return "", 204


@bp.post("/workshops/<int:workshop_id>/clusters/assign")
def assign_ideas(workshop_id: int) -> dict[str, Any]:
    moved = clusters.assign_ideas(principal(), body(), workshop_id=workshop_id)
    return {"ideas": [idea_json(idea, audience=Audience.STAFF) for idea in moved]}


@bp.get("/workshops/<int:workshop_id>/cluster-suggestions")
def cluster_suggestions(workshop_id: int) -> dict[str, Any]:
    return {"clusters": clusters.suggestions(principal(), workshop_id)}
