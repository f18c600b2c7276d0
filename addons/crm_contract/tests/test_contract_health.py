from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ContractCase


@tagged("post_install", "-at_install")
class TestContractHealth(ContractCase):
    def test_overdue_payments_lower_the_health(self):
        with freeze_time("2026-05-01 02:00"):
            order = self._contract()
            self._invoice(order.contract_milestone_ids[0])
        with freeze_time("2026-06-20 02:00"):
            self.env["crm.contract.milestone"]._refresh_time_dependent_states()
            customers = self.customer | self.customer_2
            customers._customer_health_compute(date(2026, 6, 20))
        score, params = self.customer.customer_health_detail["receivables"]
        self.assertEqual((score, params), (30, {"count": 1, "days": 50}))
        self.assertIn(
            "Overdue payments: 1, the oldest 50 days late", self.customer.customer_health_reasons
        )
        self.assertNotIn("receivables", self.customer_2.customer_health_detail)
