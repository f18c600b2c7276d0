import logging
from datetime import date, datetime, time

import chinese_calendar
import pytz

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class CrmFeedbackWorkday(models.Model):
    """A weekend day that is worked (调休 make-up day); holidays go to Odoo's calendar leaves."""

    _name = "crm.feedback.workday"
    _description = "Make-up Working Day"
    _order = "date"

    date = fields.Date(required=True, index=True)
    name = fields.Char(required=True, translate=True)

    _sql_constraints = [("date_uniq", "unique(date)", "This day is already a make-up day.")]

    @api.model
    def _cron_load_china_calendar(self, years=None):
        """Load China's statutory holidays into the calendars of the feedback teams (as
        global calendar leaves) and the make-up working days, for this year and the next,
        from the ``chinese_calendar`` package; years it does not know yet are skipped and
        picked up by a later run once the package is updated."""
        today = fields.Date.context_today(self)
        years = years or (today.year, today.year + 1)
        calendars = self.env["crm.feedback.team"].search([]).resource_calendar_id
        Leave = self.env["resource.calendar.leaves"]
        loaded = []
        for year in years:
            first, last = date(year, 1, 1), date(year, 12, 31)
            try:
                holidays = chinese_calendar.get_holidays(first, last, include_weekends=False)
                workdays = chinese_calendar.get_workdays(first, last, include_weekends=True)
            except NotImplementedError:
                _logger.info("chinese_calendar has no data for %s yet", year)
                continue
            makeup = [day for day in workdays if day.weekday() >= 5]
            known = set(self.search([("date", "in", makeup)]).mapped("date"))
            self.create(
                [
                    {"date": day, "name": self.env._("Make-up working day")}
                    for day in makeup
                    if day not in known
                ]
            )
            for calendar in calendars:
                existing = Leave.search(
                    [
                        ("calendar_id", "=", calendar.id),
                        ("resource_id", "=", False),
                        ("date_from", "<=", datetime.combine(last, time.max)),
                        ("date_to", ">=", datetime.combine(first, time.min)),
                    ]
                )
                covered = {
                    pytz.utc.localize(leave.date_from)
                    .astimezone(pytz.timezone(calendar.tz or "Asia/Shanghai"))
                    .date()
                    for leave in existing
                }
                tz = pytz.timezone(calendar.tz or "Asia/Shanghai")

                def utc(moment, tz=tz):
                    return tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)

                Leave.create(
                    [
                        {
                            "name": chinese_calendar.get_holiday_detail(day)[1]
                            or self.env._("Public holiday"),
                            "calendar_id": calendar.id,
                            "date_from": utc(datetime.combine(day, time.min)),
                            "date_to": utc(datetime.combine(day, time(23, 59, 59))),
                            "time_type": "leave",
                        }
                        for day in holidays
                        if day not in covered
                    ]
                )
            loaded.append(year)
        return loaded
