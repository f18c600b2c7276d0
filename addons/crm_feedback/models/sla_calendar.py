"""Working-time arithmetic for SLA deadlines: the team's resource calendar (attendances
minus its leaves, where China's statutory holidays are loaded), plus the make-up working
days (调休) that fall on weekends, which Odoo's calendars cannot express."""

from datetime import datetime, time, timedelta

import pytz

SHORT_HORIZON_DAYS = 21
HORIZON_DAYS = 120


def work_intervals(calendar, start, end, makeup_dates):
    """Sorted (start, stop) UTC-naive working intervals of ``calendar`` in [start, end)."""
    tz = pytz.timezone(calendar.tz or "UTC")
    start_aware, end_aware = pytz.utc.localize(start), pytz.utc.localize(end)
    intervals = [
        (a.astimezone(pytz.utc).replace(tzinfo=None), b.astimezone(pytz.utc).replace(tzinfo=None))
        for a, b, _meta in calendar._work_intervals_batch(start_aware, end_aware)[False]
    ]
    # a make-up day works the hours of a Monday
    monday = [
        (att.hour_from, att.hour_to)
        for att in calendar.attendance_ids
        if att.dayofweek == "0" and not att.resource_id and att.day_period != "lunch"
    ]
    for day in makeup_dates:
        for hour_from, hour_to in monday:
            a = tz.localize(datetime.combine(day, time()) + timedelta(hours=hour_from))
            b = tz.localize(datetime.combine(day, time()) + timedelta(hours=hour_to))
            a = a.astimezone(pytz.utc).replace(tzinfo=None)
            b = b.astimezone(pytz.utc).replace(tzinfo=None)
            a, b = max(a, start), min(b, end)
            if a < b:
                intervals.append((a, b))
    return sorted(intervals)


def add_working_hours(intervals, start, hours):
    """The moment ``hours`` working hours after ``start``, walking ``intervals``; None when
    the intervals end first."""
    remaining = timedelta(hours=hours)
    for a, b in intervals:
        if b <= start:
            continue
        a = max(a, start)
        if b - a >= remaining:
            return a + remaining
        remaining -= b - a
    return None
