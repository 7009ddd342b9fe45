"""The programme's logos: an admin uploads them once; every page and PDF that prints an agenda
shows them (the public registration page too, so the picture itself is public)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import FileField, StringField
from wtforms.validators import DataRequired, Length

from ..i18n import gettext as _
from ..models import Role
from ..services.errors import ServiceError
from ..services.paperwork import logos as logo_service
from .form_fields import show_error
from .seminar_forms import PlainForm
from .staff_pages import me, share_page_helpers

bp = Blueprint("logos", __name__)
share_page_helpers(bp)


class LogoForm(FlaskForm):
    name = StringField(_l("What the logo shows (read out by screen readers)"),
                       validators=[DataRequired(), Length(max=200)])
    file = FileField(_l("Picture: PNG, JPEG or SVG, at most 1 MB"),
                     render_kw={"accept": "image/png,image/jpeg,image/svg+xml,.svg"})


@bp.get("/logos/<int:logo_id>")
def image(logo_id: int) -> Response:
    try:
        logo = logo_service.get_logo(logo_id)
    except ServiceError:
        abort(404)
    response = Response(logo.content, mimetype=logo.media_type)
    # Even a sanitised drawing is shown as a picture only: no script, no style from outside.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; object-src 'none'; "
        "frame-ancestors 'self'")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/admin/logos", methods=["GET", "POST"])
@login_required
def admin() -> ResponseReturnValue:
    if current_user.role is not Role.ADMIN:
        abort(403)
    form = LogoForm()
    status = 200
    if form.validate_on_submit():
        upload = request.files.get("file")
        content = upload.read(logo_service.MAX_BYTES + 1) if upload else b""
        try:
            logo_service.add_logo(me(), form.name.data, content)
        except ServiceError as error:
            status = error.status
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Logo added: %(name)s", name=form.name.data), "success")
            return redirect(url_for("logos.admin"))
    elif form.is_submitted():
        status = 400
    return render_template("admin/logos.html", form=form, logos=logo_service.logos(),
                           plain_form=PlainForm()), status


@bp.post("/admin/logos/<int:logo_id>/delete")
@login_required
def delete(logo_id: int) -> ResponseReturnValue:
    if current_user.role is not Role.ADMIN:
        abort(403)
    if PlainForm().validate_on_submit():
        try:
            logo_service.delete_logo(me(), logo_id)
        except ServiceError:
            abort(404)
        flash(_("Logo removed."), "success")
    return redirect(url_for("logos.admin"))


@bp.post("/admin/logos/<int:logo_id>/move")
@login_required
def move(logo_id: int) -> ResponseReturnValue:
    if current_user.role is not Role.ADMIN:
        abort(403)
    if PlainForm().validate_on_submit():
        try:
            logo_service.move_logo(me(), logo_id, -1 if request.form.get("step") == "up" else 1)
        except ServiceError:
            abort(404)
    return redirect(url_for("logos.admin") + f"#logo-{logo_id}")
