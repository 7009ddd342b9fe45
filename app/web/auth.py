"""Staff sign-in and sign-out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from ..i18n import gettext as _
from ..services import staff
from . import throttle
from .auth_forms import LoginForm
from .main import is_local_path, start_page
from .throttle import client_address

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and is_local_path(target):
        return target
    return start_page()


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data or "", client_address()
        throttle.release_database()
        # Every attempt on an account or from an address that failed lately waits, the right
        # password too: a guesser learns nothing sooner, and nobody is locked out.
        delay = staff.sign_in_delay(email, address)
        throttle.pause(delay)
        user = staff.authenticate(email, form.password.data)
        staff.record_sign_in(email, address, succeeded=user is not None, delay=delay)
        if user is not None:
            session.pop("csrf_token", None)  # a new CSRF token for the new session
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("The email or the password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    staff.end_sessions(current_user.id)  # every cookie of this user, copied or not
    logout_user()
    session.pop("csrf_token", None)
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
