"""Admin pages: local action groups, their strategy measures (with maximum rates) and staff accounts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..i18n import gettext as _
from ..models import Role
from ..services import admin, proposals
from ..services.errors import ServiceError
from .admin_forms import LagForm, MeasureForm, UserEditForm, UserForm
from .form_fields import show_error
from .staff_pages import me, refuse, share_page_helpers

bp = Blueprint("admin", __name__, url_prefix="/admin")
share_page_helpers(bp)


@bp.before_request
@login_required
def require_admin() -> None:
    """Only admins see these pages (the services check again)."""
    if current_user.role is not Role.ADMIN:
        abort(403)


def _saved(form: FlaskForm, error: ServiceError, aliases: dict[str, str] | None = None) -> None:
    if not show_error(form, error, aliases):
        flash(error.message, "error")


@bp.get("/")
def index() -> str:
    return render_template("admin/index.html", lags=proposals.lags(),
                           measures=proposals.measures(), users=admin.users())


@bp.route("/lags", methods=["GET", "POST"])
def lags() -> ResponseReturnValue:
    form = LagForm()
    if form.validate_on_submit():
        try:
            admin.save_lag(me(), {"name": form.name.data, "region": form.region.data})
        except ServiceError as error:
            _saved(form, error)
        else:
            flash(_("Local action group added."), "success")
            return redirect(url_for("admin.lags"))
    return render_template("admin/lags.html", lags=proposals.lags(), form=form)


@bp.route("/lags/<int:lag_id>", methods=["GET", "POST"])
def edit_lag(lag_id: int) -> ResponseReturnValue:
    lag = next((lag for lag in proposals.lags() if lag.id == lag_id), None) or abort(404)
    form = LagForm(obj=lag)
    if form.validate_on_submit():
        try:
            admin.save_lag(me(), {"name": form.name.data, "region": form.region.data}, lag_id)
        except ServiceError as error:
            _saved(form, error)
        else:
            flash(_("Local action group saved."), "success")
            return redirect(url_for("admin.lags"))
    return render_template("admin/lag_form.html", lag=lag, form=form)


@bp.get("/measures")
def measures() -> str:
    return render_template("admin/measures.html", measures=proposals.measures())


def _measure_form(measure: object | None = None) -> MeasureForm:
    form = MeasureForm(obj=measure)
    form.lag_id.choices = [(lag.id, lag.name) for lag in proposals.lags()]
    return form


RATE_ALIASES = {f"max_rates.{code}": f"rate_{code}" for code in
                ("ngo", "foundation", "municipality", "company", "community_group", "person")}


@bp.route("/measures/new", methods=["GET", "POST"])
@bp.route("/measures/<int:measure_id>", methods=["GET", "POST"])
def measure(measure_id: int | None = None) -> ResponseReturnValue:
    found = None
    if measure_id is not None:
        try:
            found = admin.get_measure(me(), measure_id)
        except ServiceError as error:
            refuse(error)
    form = _measure_form(found)
    if found is not None and not form.is_submitted():
        for code, rate in (found.max_rates or {}).items():
            if hasattr(form, f"rate_{code}"):
                getattr(form, f"rate_{code}").data = rate
    if form.validate_on_submit():
        try:
            admin.save_measure(me(), form.data_for_service(), measure_id)
        except ServiceError as error:
            _saved(form, error, RATE_ALIASES)
        else:
            flash(_("Strategy measure saved."), "success")
            return redirect(url_for("admin.measures"))
    return render_template("admin/measure_form.html", form=form, measure=found)


@bp.get("/users")
def users() -> str:
    return render_template("admin/users.html", users=admin.users())


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> ResponseReturnValue:
    form = UserForm()
    form.set_choices(proposals.lags())
    if form.validate_on_submit():
        try:
            admin.create_staff(me(), {"email": form.email.data, "name": form.name.data,
                                      "role": form.role.data, "lag_id": form.lag_id.data,
                                      "password": form.password.data})
        except ServiceError as error:
            _saved(form, error, {"lag": "lag_id"})
        else:
            flash(_("Account created. Give the password to its owner in person."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> ResponseReturnValue:
    try:
        user = admin.get_user(me(), user_id)
    except ServiceError as error:
        refuse(error)
    form = UserEditForm(obj=user)
    form.set_choices(proposals.lags())
    if not form.is_submitted():
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            admin.update_staff(me(), user.id, {"name": form.name.data, "role": form.role.data,
                                               "lag_id": form.lag_id.data,
                                               "active": bool(form.active.data)})
        except ServiceError as error:
            _saved(form, error)
        else:
            flash(_("Account saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)
