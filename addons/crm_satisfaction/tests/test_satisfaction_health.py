from odoo import fields
from odoo.tests import tagged

from .common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionHealth(SatisfactionCase):
    def test_satisfaction_at_risk_lowers_the_health(self):
        for _i in range(3):
            self._answer(self._invite(self._order()), product=9, delivery=9)
        self._answer(
            self._invite(self._order()), product=3, delivery=3, attitude=2, response=2, nps=7
        )
        self.assertTrue(self.customer.satisfaction_at_risk)
        self.customer._customer_health_compute(fields.Date.today())
        score, params = self.customer.customer_health_detail["satisfaction"]
        self.assertEqual(score, 10)
        self.assertTrue(params["risk"])
        self.assertIn("Satisfaction at risk", self.customer.customer_health_reasons)
