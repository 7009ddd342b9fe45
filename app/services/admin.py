"""What an admin keeps: the LAGs, their strategy measures (with maximum support rates) and staff."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from facilitation.proposal_money import format_money
from facilitation.proposals import ApplicantType

from ..database import transaction
from ..extensions import db
from ..i18n import gettext as _
from ..models import Lag, Measure, Role, User
from . import fields, staff
from .access import Principal, check_admin
from .errors import ServiceError
from .vocabulary import applicant_type_names, field_name

# -- LAGs ----------------------------------------------------------------------------------


def _lag_fields(data: Mapping[str, Any], lag_id: int | None) -> tuple[str, str]:
    name = fields.text(data, "name", limit=200, required=True)
    region = fields.text(data, "region", limit=200)
    clash = db.session.scalar(sa.select(Lag.id).where(Lag.name == name))
    if clash is not None and clash != lag_id:
        raise fields.invalid("name")
    return name, region


def save_lag(principal: Principal, data: Mapping[str, Any], lag_id: int | None = None) -> Lag:
    """Add a LAG, or rename one when ``lag_id`` is given."""
    check_admin(principal)
    with transaction():
        name, region = _lag_fields(data, lag_id)
        if lag_id is None:
            lag = Lag(name=name, region=region)
            db.session.add(lag)
        else:
            found = db.session.get(Lag, lag_id)
            if found is None:
                raise ServiceError("not_found")
            lag = found
            lag.name, lag.region = name, region
    return lag


# -- measures ------------------------------------------------------------------------------


def read_max_rates(data: Mapping[str, Any]) -> dict[str, str]:
    """The highest support rate per applicant type; an empty one means "no limit set"."""
    raw = fields.payload(data.get("max_rates", {}), field="max_rates")
    rates: dict[str, str] = {}
    for applicant_type in ApplicantType:
        value = raw.get(applicant_type.value)
        if value in (None, ""):
            continue
        try:
            rate = fields.percentage(value, f"max_rates.{applicant_type.value}")
        except ServiceError:
            label = f"{field_name('max_rates')} – {applicant_type_names()[applicant_type.value]}"
            raise fields.invalid(f"max_rates.{applicant_type.value}", _(
                "Please check this field: %(field)s.", field=label)) from None
        rates[applicant_type.value] = format_money(rate)
    return rates


def save_measure(principal: Principal, data: Mapping[str, Any],
                 measure_id: int | None = None) -> Measure:
    """Add or change a strategy measure; its code is unique within its LAG."""
    check_admin(principal)
    code = fields.text(data, "code", limit=32, required=True)
    name = fields.text(data, "name", limit=300, required=True)
    max_rates = read_max_rates(data)
    active = fields.flag(data, "active", default=True)
    with transaction():
        lag_id = fields.as_id(data.get("lag_id"), "lag_id")
        if db.session.get(Lag, lag_id) is None:
            raise fields.invalid("lag_id")
        clash = db.session.scalar(sa.select(Measure.id).where(Measure.lag_id == lag_id,
                                                              Measure.code == code))
        if clash is not None and clash != measure_id:
            raise fields.invalid("code")
        if measure_id is None:
            measure = Measure(lag_id=lag_id, code=code, name=name, max_rates=max_rates,
                              active=active)
            db.session.add(measure)
        else:
            found = db.session.get(Measure, measure_id)
            if found is None:
                raise ServiceError("not_found")
            measure = found
            measure.lag_id, measure.code, measure.name = lag_id, code, name
            measure.max_rates, measure.active = max_rates, active
    return measure


def get_measure(principal: Principal, measure_id: int) -> Measure:
    check_admin(principal)
    measure = db.session.get(Measure, measure_id)
    if measure is None:
        raise ServiceError("not_found")
    return measure


# -- staff ---------------------------------------------------------------------------------


def users() -> list[User]:
    return list(db.session.scalars(sa.select(User).options(sa.orm.joinedload(User.lag))
                                   .order_by(User.active.desc(), User.name, User.email)))


def _role(data: Mapping[str, Any]) -> Role:
    role = fields.choice(data, "role", Role)
    if role is None:
        raise fields.invalid("role")
    return role


def _lag_name(data: Mapping[str, Any]) -> str | None:
    lag_id = fields.optional_id(data, "lag_id")
    if lag_id is None:
        return None
    lag = db.session.get(Lag, lag_id)
    if lag is None:
        raise fields.invalid("lag_id")
    return lag.name


def create_staff(principal: Principal, data: Mapping[str, Any]) -> User:
    """A new staff account with its role and LAG; the admin passes the password on."""
    check_admin(principal)
    password = fields.secret(data.get("password"), "password",
                             min_length=staff.MIN_PASSWORD_LENGTH)
    return staff.create_user(data.get("email"), role=_role(data).value, password=password,
                             name=fields.text(data, "name", limit=200),
                             lag_name=_lag_name(data))


def update_staff(principal: Principal, user_id: int, data: Mapping[str, Any]) -> User:
    """Change a staff member's name, role, LAG or whether the account may sign in."""
    check_admin(principal)
    role = _role(data)
    active = fields.flag(data, "active", default=True)
    name = fields.text(data, "name", limit=200)
    with transaction():
        user = db.session.get(User, user_id)
        if user is None:
            raise ServiceError("not_found")
        if user.id == principal.user_id and (role is not Role.ADMIN or not active):
            # The last door out of the admin pages must not be locked from inside.
            raise fields.invalid("role" if role is not Role.ADMIN else "active")
        lag_id = fields.optional_id(data, "lag_id")
        if lag_id is not None and db.session.get(Lag, lag_id) is None:
            raise fields.invalid("lag_id")
        user.role, user.active, user.lag_id = role, active, lag_id
        if name:
            user.name = name
    return user


def get_user(principal: Principal, user_id: int) -> User:
    check_admin(principal)
    user = db.session.get(User, user_id)
    if user is None:
        raise ServiceError("not_found")
    return user
