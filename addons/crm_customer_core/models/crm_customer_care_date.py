import calendar
import datetime

from lunar_python import Lunar, LunarYear, Solar

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerCareDate(models.Model):
    """A yearly date on which key contacts get a greeting (Spring Festival, Mid-Autumn...)."""

    _name = "crm.customer.care.date"
    _description = "Customer Care Date"
    _order = "sequence, month, day, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    calendar = fields.Selection(
        [("gregorian", "Gregorian"), ("lunar", "Chinese lunar")],
        required=True,
        default="gregorian",
    )
    month = fields.Integer(required=True, default=1)
    day = fields.Integer(required=True, default=1)
    days_before = fields.Integer(
        string="Remind Days Before",
        default=3,
        help="The reminder activity is created this many days before the date.",
    )
    next_date = fields.Date(
        compute="_compute_next_date", help="Next occurrence in the Gregorian calendar."
    )

    @api.constrains("month", "day", "days_before")
    def _check_date(self):
        for care_date in self:
            if not 1 <= care_date.month <= 12:
                raise ValidationError(self.env._("The month must be between 1 and 12."))
            if not 1 <= care_date.day <= (30 if care_date.calendar == "lunar" else 31):
                raise ValidationError(self.env._("%s is not a day of a month.", care_date.day))
            if care_date.days_before < 0:
                raise ValidationError(self.env._("Days before cannot be negative."))

    @api.depends("calendar", "month", "day")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for care_date in self:
            care_date.next_date = care_date._occurrence_on_or_after(today)

    def _occurrence_on_or_after(self, day):
        """First Gregorian date on or after ``day`` on which this care date falls."""
        self.ensure_one()
        for year in (day.year - 1, day.year, day.year + 1):
            occurrence = yearly_date(year, self.month, self.day, self.calendar == "lunar")
            if occurrence >= day:
                return occurrence
        return False


def yearly_date(year, month, day, lunar):
    """Gregorian date of ``month``/``day`` in the year whose (lunar) new year falls in ``year``.

    A lunar date is converted with lunar-python; a lunar day 30 in a 29-day month, or
    February 29 in a common year, falls on the month's last day.
    """
    if not lunar:
        return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))

    month_info = LunarYear.fromYear(year).getMonth(month)
    solar = Lunar.fromYmd(year, month, min(day, month_info.getDayCount())).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def lunar_month_day(date):
    """Lunar (month, day) of a Gregorian date; a leap month counts as its ordinary month."""
    lunar = Solar.fromYmd(date.year, date.month, date.day).getLunar()
    return abs(lunar.getMonth()), lunar.getDay()
