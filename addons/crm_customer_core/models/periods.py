"""Periods of days cut in a time zone, for comparing with datetimes stored in UTC."""

from datetime import datetime, time, timedelta

import pytz


def period_tz(env, company=None):
    """The time zone a user's periods are cut in: theirs, falling back to the company's."""
    return env.user.tz or (company or env.company).partner_id.tz or "UTC"


def utc_bounds(date_from, date_to, tz_name):
    """The UTC instants ``[start, end)`` of the days ``date_from`` to ``date_to`` in the time
    zone ``tz_name``, as naive datetimes: in Asia/Shanghai, March starts on the last day of
    February at 16:00 UTC, as Odoo's own grouping by month shows it.
    """
    tz = pytz.timezone(tz_name or "UTC")

    def utc(day):
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    return utc(date_from), utc(date_to + timedelta(days=1))


def period_domain(field, date_from, date_to, tz_name):
    """A domain on ``field`` (a ``fields.Field``) for the days ``date_from`` to ``date_to``:
    whole days in ``tz_name`` for a datetime, the dates themselves for a date."""
    if field.type == "datetime":
        start, end = utc_bounds(date_from, date_to, tz_name)
        return [(field.name, ">=", start), (field.name, "<", end)]
    return [(field.name, ">=", date_from), (field.name, "<=", date_to)]
