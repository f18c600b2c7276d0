import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from .crm_customer_care_date import lunar_month_day, yearly_date
from .cron_batches import cron_batches, run_isolated
from .recipient_language import in_recipient_language

_logger = logging.getLogger(__name__)

REMINDER_BATCH = 1000
CRON_CHUNK = 10000
BIRTHDAY_DAYS_BEFORE = 3


class CrmCustomerReminderLog(models.Model):
    """Yearly reminders already given, so that a rerun or a done activity never repeats one."""

    _name = "crm.customer.reminder.log"
    _description = "Customer Reminder Log"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    key = fields.Char(required=True, help="birthday-<year> or care-<care date id>-<year>")

    _sql_constraints = [
        ("partner_key_uniq", "unique(partner_id, key)", "This reminder was already given."),
    ]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------ contact cycle
    @api.model
    def _cron_customer_contact_reminders(self, batch_size=REMINDER_BATCH):
        """One activity for the responsible salesperson per customer due for contact.

        Customers that already have an open contact activity are skipped in the query itself,
        so a second run, or a run resumed after a crash, creates nothing twice.
        """
        activity_type = self.env.ref("crm_customer_core.mail_activity_type_customer_contact")
        today = fields.Date.context_today(self)
        self.env["res.partner"].flush_model()
        due_ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
            SELECT p.id FROM res_partner p
             WHERE p.active AND p.customer_stage_id IS NOT NULL AND p.user_id IS NOT NULL
               AND p.customer_next_contact_date <= %(today)s
               AND NOT EXISTS (
                   SELECT 1 FROM mail_activity a
                    WHERE a.res_model = 'res.partner' AND a.res_id = p.id
                      AND a.activity_type_id = %(type)s)
             ORDER BY p.id
            """,
                    today=today,
                    type=activity_type.id,
                )
            )
        ]
        done = 0
        for batch_ids in cron_batches(self.env, due_ids, batch_size, CRON_CHUNK):
            done += len(
                run_isolated(
                    self.browse(batch_ids),
                    lambda partners: partners._customer_create_contact_activities(
                        activity_type, today
                    ),
                    _logger,
                    "Contact reminder",
                )
            )
        return done

    def _customer_create_contact_activities(self, activity_type, today):
        vals_list = []
        for partners in in_recipient_language(self, lambda partner: partner.user_id):
            vals_list += [
                partner._customer_contact_activity_values(activity_type, today)
                for partner in partners
            ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    def _customer_contact_activity_values(self, activity_type, today):
        """Values of the contact reminder, in the language of this record's environment."""
        self.ensure_one()
        env = self.env
        last = self.customer_last_contact_date
        note = env._(
            "Contact cycle: last contact %(last)s, due %(due)s.",
            last=format_date(env, last) if last else env._("never"),
            due=format_date(env, self.customer_next_contact_date),
        )
        if self.customer_do_not_market:
            note += " " + env._(
                "This customer asked for no promotional contact: service contact only."
            )
        return {
            "res_model_id": env["ir.model"]._get_id("res.partner"),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "summary": env._("Contact %s", self.name),
            "note": note,
            "user_id": self.user_id.id,
            "date_deadline": max(self.customer_next_contact_date, today),
        }

    # ------------------------------------------------------------------ birthdays, care dates
    @api.model
    def _cron_customer_care_reminders(self, batch_size=REMINDER_BATCH):
        """Birthday and care-date activities for key contacts, once per contact and year.

        Do-not-market customers get no greeting reminders: a greeting is a promotional contact.
        Each batch is created in a savepoint; a contact that fails is skipped with a logged
        reason and the others still get their reminders.
        """
        today = fields.Date.context_today(self)
        contacts = self.search(
            [
                ("customer_key_contact", "=", True),
                ("commercial_partner_id.user_id", "!=", False),
                ("commercial_partner_id.customer_do_not_market", "=", False),
                ("customer_do_not_market", "=", False),
            ]
        )
        reminders = []  # (partner, key, date, care date or None for a birthday)
        for partner in contacts.filtered("customer_birthday"):
            birthday = partner._customer_next_birthday(today)
            if birthday and (birthday - today).days <= BIRTHDAY_DAYS_BEFORE:
                reminders.append((partner, f"birthday-{birthday.year}", birthday, None))
        for care_date in self.env["crm.customer.care.date"].search([]):
            occurrence = care_date._occurrence_on_or_after(today)
            if occurrence and (occurrence - today).days <= care_date.days_before:
                key = f"care-{care_date.id}-{occurrence.year}"
                reminders += [(partner, key, occurrence, care_date) for partner in contacts]
        if not reminders:
            return 0
        given = {
            (log.partner_id.id, log.key)
            for log in self.env["crm.customer.reminder.log"].search(
                [
                    ("partner_id", "in", contacts.ids),
                    ("key", "in", list({key for _p, key, _d, _c in reminders})),
                ]
            )
        }
        todo = defaultdict(list)  # one contact's reminders stay together, in one batch
        for reminder in reminders:
            if (reminder[0].id, reminder[1]) not in given:
                todo[reminder[0].id].append(reminder)
        done = 0
        for batch_ids in cron_batches(self.env, list(todo), batch_size, CRON_CHUNK):
            handled = run_isolated(
                self.browse(batch_ids),
                lambda partners: partners._customer_create_care_activities(
                    [r for partner in partners for r in todo[partner.id]]
                ),
                _logger,
                "Care reminder",
            )
            done += sum(len(todo[partner.id]) for partner in handled)
        return done

    def _customer_create_care_activities(self, reminders):
        """Create the care activities of ``reminders`` (partner, key, date, care date) and log
        them as given. The activity creation subscribes the assignee to the contact; two
        activities of one contact in the same ``create`` would subscribe them twice, so a
        contact's second reminder goes into a second round."""
        activity_type = self.env.ref("crm_customer_core.mail_activity_type_customer_care")
        model_id = self.env["ir.model"]._get_id("res.partner")
        rounds = defaultdict(list)
        seen = defaultdict(int)
        for reminder in reminders:
            rounds[seen[reminder[0].id]].append(reminder)
            seen[reminder[0].id] += 1
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        for round_reminders in rounds.values():
            by_partner = {r[0].id: r for r in round_reminders}
            partners = self.browse(list(by_partner))
            vals_list = []
            for localized in in_recipient_language(
                partners, lambda partner: partner.commercial_partner_id.user_id
            ):
                for partner in localized:
                    _p, _key, date, care_date = by_partner[partner.id]
                    summary = (
                        localized.env._("Birthday of %s", partner.name)
                        if not care_date
                        else f"{care_date.with_env(localized.env).name}: {partner.name}"
                    )
                    vals_list.append(
                        {
                            "res_model_id": model_id,
                            "res_id": partner.id,
                            "activity_type_id": activity_type.id,
                            "summary": summary,
                            "user_id": partner.commercial_partner_id.user_id.id,
                            "date_deadline": date,
                        }
                    )
            Activity.create(vals_list)
        self.env["crm.customer.reminder.log"].create(
            [{"partner_id": partner.id, "key": key} for partner, key, _d, _c in reminders]
        )

    def _customer_next_birthday(self, today):
        """Next Gregorian date of the birthday, on or after ``today`` (lunar when asked)."""
        self.ensure_one()
        birthday = self.customer_birthday
        if self.customer_birthday_lunar:
            month, day = lunar_month_day(birthday)
        else:
            month, day = birthday.month, birthday.day
        for year in (today.year - 1, today.year, today.year + 1):
            occurrence = yearly_date(year, month, day, self.customer_birthday_lunar)
            if occurrence >= today:
                return occurrence
        return False
