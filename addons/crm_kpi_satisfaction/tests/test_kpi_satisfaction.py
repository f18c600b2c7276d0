from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_satisfaction.tests.common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestKpiSatisfaction(SatisfactionCase):
    def test_average_satisfaction_per_salesperson(self):
        scores = [
            self._answer(self._invite(self._order()), product=product, delivery=product).score
            for product in (10, 6)
        ]
        item = self.env.ref("crm_kpi_satisfaction.item_satisfaction")
        today = fields.Date.today()
        values = item._kpi_measure(
            today - timedelta(days=1), today, self.salesman | self.salesman_2
        )
        self.assertAlmostEqual(values[self.salesman.id], sum(scores) / 2)
        self.assertNotIn(self.salesman_2.id, values)
