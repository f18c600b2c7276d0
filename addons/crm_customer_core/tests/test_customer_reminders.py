from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from ..models.crm_customer_care_date import lunar_month_day, yearly_date
from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerReminders(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_type = cls.env.ref("crm_customer_core.mail_activity_type_customer_contact")
        cls.care_type = cls.env.ref("crm_customer_core.mail_activity_type_customer_care")
        cls.env["res.partner"].search(
            [("customer_key_contact", "=", True)]
        ).customer_key_contact = False
        # Only this test's customers are due.
        cls.env["res.partner"].search(
            [("customer_stage_id", "!=", False)]
        ).customer_contact_interval = 10000
        cls.due = cls.customer | cls.customer_2
        cls.due.write(
            {
                "customer_contact_interval": 1,
                "customer_assigned_date": fields.Datetime.now() - timedelta(days=3),
            }
        )

    def _contact_activities(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.contact_type.id),
            ]
        )

    def test_one_activity_per_due_customer_never_twice(self):
        created = self.env["res.partner"]._cron_customer_contact_reminders(batch_size=1)
        self.assertEqual(created, 2)
        activities = self._contact_activities(self.due)
        self.assertEqual(len(activities), 2)
        self.assertEqual(
            activities.filtered(lambda a: a.res_id == self.customer.id).user_id, self.salesman
        )
        self.assertEqual(self.env["res.partner"]._cron_customer_contact_reminders(), 0)
        self.assertEqual(len(self._contact_activities(self.due)), 2)

    def test_a_customer_that_fails_is_skipped_with_a_logged_reason(self):
        partner_model = type(self.env["res.partner"])
        original = partner_model._customer_contact_activity_values
        broken = self.customer

        def values(partner, activity_type, today):
            if partner == broken:
                raise ValueError("broken customer")
            return original(partner, activity_type, today)

        partner_model._customer_contact_activity_values = values
        try:
            with self.assertLogs(
                "odoo.addons.crm_customer_core.models.res_partner_reminder", "WARNING"
            ) as logs:
                created = self.env["res.partner"]._cron_customer_contact_reminders()
        finally:
            partner_model._customer_contact_activity_values = original
        self.assertEqual(created, 1)
        self.assertIn("broken customer", logs.output[0])
        self.assertEqual(len(self._contact_activities(self.customer_2)), 1)
        self.assertFalse(self._contact_activities(self.customer))

    def test_pool_customers_get_no_reminder(self):
        self.customer_2.user_id = False
        self.env["res.partner"]._cron_customer_contact_reminders()
        self.assertFalse(self._contact_activities(self.customer_2))

    def test_do_not_market_customers_get_service_only_reminders(self):
        self.customer.customer_do_not_market = True
        self.env["res.partner"]._cron_customer_contact_reminders()
        note = self._contact_activities(self.customer).note
        self.assertIn("service contact only", str(note))

    def test_to_contact_today_filter(self):
        view = self.env.ref("crm_customer_core.res_partner_view_search_customer")
        self.assertIn('name="to_contact_today"', view.arch)
        today = fields.Date.today()
        due = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .search(
                [("user_id", "=", self.salesman.id), ("customer_next_contact_date", "<=", today)]
            )
        )
        self.assertIn(self.customer, due)
        self.assertNotIn(self.customer_2, due)

    def test_lunar_conversion(self):
        self.assertEqual(yearly_date(2027, 1, 1, lunar=True), date(2027, 2, 6))  # Spring Festival
        self.assertEqual(yearly_date(2026, 8, 15, lunar=True), date(2026, 9, 25))  # Mid-Autumn
        self.assertEqual(yearly_date(2027, 2, 29, lunar=False), date(2027, 2, 28))
        self.assertEqual(lunar_month_day(date(1990, 5, 20)), (4, 26))

    def test_lunar_birthday_reminder_once_a_year(self):
        contact = self.Partner.create(
            {
                "name": "张敏",
                "parent_id": self.customer.id,
                "customer_key_contact": True,
                # Born on lunar 8/16: in 2026 that is September 26.
                "customer_birthday": date(1980, 9, 25),
                "customer_birthday_lunar": True,
            }
        )
        self.assertEqual(lunar_month_day(date(1980, 9, 25)), (8, 17))
        self.assertEqual(contact._customer_next_birthday(date(2026, 9, 1)), date(2026, 9, 27))
        self.env["crm.customer.care.date"].search([]).active = False
        with freeze_time("2026-09-25"):
            self.assertEqual(self.env["res.partner"]._cron_customer_care_reminders(), 1)
            self.assertEqual(self.env["res.partner"]._cron_customer_care_reminders(), 0)
        activity = contact.activity_ids.filtered(lambda a: a.activity_type_id == self.care_type)
        self.assertEqual(activity.user_id, self.salesman)
        activity.action_feedback()
        with freeze_time("2026-09-26"):
            self.assertEqual(
                self.env["res.partner"]._cron_customer_care_reminders(),
                0,
                "a done reminder is not given again",
            )

    def test_care_date_reminders_skip_do_not_market(self):
        key = self.Partner.create(
            {"name": "Key", "parent_id": self.customer.id, "customer_key_contact": True}
        )
        quiet = self.Partner.create(
            {"name": "Quiet", "parent_id": self.customer_2.id, "customer_key_contact": True}
        )
        self.customer_2.customer_do_not_market = True
        self.env["crm.customer.care.date"].search([]).active = False
        self.env.ref("crm_customer_core.care_date_spring_festival").active = True
        with freeze_time("2027-02-01"):  # Spring Festival 2027 is on February 6
            self.env["res.partner"]._cron_customer_care_reminders()
        self.assertTrue(key.activity_ids.filtered(lambda a: a.activity_type_id == self.care_type))
        self.assertFalse(quiet.activity_ids)
        with freeze_time("2027-01-20"):
            self.assertEqual(
                self.env.ref("crm_customer_core.care_date_spring_festival").next_date,
                date(2027, 2, 6),
            )

    def test_birthday_on_a_festival_gives_both_reminders_and_stops_nobody(self):
        """A key contact whose birthday falls on Spring Festival gets two care activities in
        one run; the run must create both and go on with the other contacts."""
        both = self.Partner.create(
            {
                "name": "王伟",
                "parent_id": self.customer.id,
                "customer_key_contact": True,
                "customer_birthday": date(1985, 2, 6),  # Spring Festival 2027 is on February 6
            }
        )
        other = self.Partner.create(
            {"name": "Other Key", "parent_id": self.customer_2.id, "customer_key_contact": True}
        )
        self.env["crm.customer.care.date"].search([]).active = False
        self.env.ref("crm_customer_core.care_date_spring_festival").active = True
        partners = self.env["res.partner"].with_context(mail_create_nosubscribe=False)
        with freeze_time("2027-02-04"):
            self.assertEqual(partners._cron_customer_care_reminders(), 3)
            self.assertEqual(partners._cron_customer_care_reminders(), 0)
        care = self.care_type
        self.assertEqual(len(both.activity_ids.filtered(lambda a: a.activity_type_id == care)), 2)
        self.assertEqual(len(other.activity_ids.filtered(lambda a: a.activity_type_id == care)), 1)
        self.assertIn(self.salesman.partner_id, both.message_partner_ids)

    def test_a_failing_contact_does_not_stop_the_care_run(self):
        broken = self.Partner.create(
            {"name": "Broken", "parent_id": self.customer.id, "customer_key_contact": True}
        )
        fine = self.Partner.create(
            {"name": "Fine", "parent_id": self.customer_2.id, "customer_key_contact": True}
        )
        self.env["crm.customer.care.date"].search([]).active = False
        self.env.ref("crm_customer_core.care_date_spring_festival").active = True
        partner_model = type(self.env["res.partner"])
        original = partner_model._customer_create_care_activities

        def flaky(partners, reminders):
            if broken in partners:
                raise ValueError("broken contact")
            return original(partners, reminders)

        partner_model._customer_create_care_activities = flaky
        try:
            with (
                freeze_time("2027-02-04"),
                self.assertLogs(
                    "odoo.addons.crm_customer_core.models.res_partner_reminder", "WARNING"
                ),
            ):
                self.assertEqual(self.env["res.partner"]._cron_customer_care_reminders(), 1)
        finally:
            partner_model._customer_create_care_activities = original
        self.assertTrue(fine.activity_ids)
        self.assertFalse(broken.activity_ids)


@tagged("post_install", "-at_install")
class TestCustomerRemindersLanguage(CustomerFileCase):
    """Reminders written by scheduled actions read in the language of the person they are
    for, not in the language of the user running the action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_customer_core"], ["zh_CN"], overwrite=True
        )
        cls.salesman.lang = "zh_CN"  # salesman_2 reads English
        cls.env["res.partner"].search(
            [("customer_stage_id", "!=", False)]
        ).customer_contact_interval = 10000
        (cls.customer | cls.customer_2).write(
            {
                "customer_contact_interval": 1,
                "customer_assigned_date": fields.Datetime.now() - timedelta(days=3),
            }
        )

    def test_contact_reminders_in_the_assignee_language(self):
        self.env["res.partner"].with_context(lang="en_US")._cron_customer_contact_reminders()
        chinese = self.customer.activity_ids
        english = self.customer_2.activity_ids
        self.assertEqual(chinese.summary, f"联系 {self.customer.name}")
        self.assertIn("联系周期", str(chinese.note))
        self.assertEqual(english.summary, f"Contact {self.customer_2.name}")

    def test_care_reminders_in_the_assignee_language(self):
        self.env["res.partner"].search(
            [("customer_key_contact", "=", True)]
        ).customer_key_contact = False
        contact = self.Partner.create(
            {"name": "李娜", "parent_id": self.customer.id, "customer_key_contact": True}
        )
        self.env["crm.customer.care.date"].search([]).active = False
        self.env.ref("crm_customer_core.care_date_spring_festival").active = True
        with freeze_time("2027-02-04"):
            self.env["res.partner"].with_context(lang="en_US")._cron_customer_care_reminders()
        self.assertEqual(contact.activity_ids.summary, "春节: 李娜")
