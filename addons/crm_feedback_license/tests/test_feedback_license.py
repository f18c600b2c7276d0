from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from odoo.addons.crm_feedback.tests.common import FeedbackCase


@tagged("post_install", "-at_install")
class TestFeedbackLicense(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {
                "name": "ERP",
                "type": "service",
                "is_software_license": True,
                "license_type": "perpetual",
                "license_seats_per_unit": 1,
            }
        )
        License = cls.env["crm.software.license"]
        common = {"partner_id": cls.customer.id, "product_id": product.id, "state": "active"}
        cls.maintained = License.create(
            dict(common, maintenance_end=date.today() + relativedelta(months=6))
        )
        cls.lapsed = License.create(
            dict(
                common,
                date_start=date.today() - relativedelta(years=2),
                maintenance_end=date.today() - relativedelta(days=1),
            )
        )
        cls.fast = cls.env["crm.feedback.sla"].create(
            {
                "name": "Under maintenance",
                "team_id": cls.team.id,
                "sequence": 1,
                "maintenance_condition": "under",
                "hours_first_response": 1,
                "hours_resolution": 8,
            }
        )

    def test_sla_depends_on_maintenance(self):
        self.assertEqual(self._ticket(license_id=self.maintained.id).sla_id, self.fast)
        lapsed = self._ticket(license_id=self.lapsed.id)
        self.assertEqual(lapsed.sla_id, self.sla)
        self.assertFalse(lapsed.license_under_maintenance, "the agent sees the lapsed maintenance")
        self.assertEqual(self._ticket().sla_id, self.sla)
        # renewing the maintenance moves the ticket to the faster policy
        self.lapsed.maintenance_end = date.today() + relativedelta(months=12)
        self.assertEqual(lapsed.sla_id, self.fast)

    def test_tickets_on_the_license(self):
        self._ticket(license_id=self.maintained.id)
        self._ticket(license_id=self.maintained.id)
        self.assertEqual(self.maintained.feedback_ticket_count, 2)
        action = self.maintained.action_view_feedback_tickets()
        self.assertEqual(self.Ticket.search_count(action["domain"]), 2)
