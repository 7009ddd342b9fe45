"""Staff sign-in and sign-out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required, login_user, logout_user

from ..i18n import gettext as _
from ..services.errors import ServiceError
from ..services.staff import authenticate
from .auth_forms import LoginForm
from .main import is_local_path
from .throttle import check_login_allowed, note_login_failure, note_login_success

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and is_local_path(target):
        return target
    return url_for("facilitator.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        try:
            check_login_allowed(form.email.data)
        except ServiceError as error:
            flash(_("Too many failed sign-ins. Please wait a few minutes and try again."),
                  "error")
            return render_template("auth/login.html", form=form), error.status
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            note_login_success(form.email.data)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        note_login_failure(form.email.data)
        flash(_("The email or the password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
