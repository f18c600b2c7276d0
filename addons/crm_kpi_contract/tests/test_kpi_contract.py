from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_contract.tests.common import ContractCase


@tagged("post_install", "-at_install")
class TestKpiContract(ContractCase):
    def test_money_received_and_overdue_per_salesperson_and_period(self):
        full = self.env.ref("crm_contract.plan_template_full")  # 100 % 30 days after signing
        with freeze_time("2026-01-05 02:00"):
            order = self._contract(plan=full)
            other = self._contract(plan=full, customer=self.customer_2, user=self.salesman_2)
        with freeze_time("2026-01-10 02:00"):
            self._pay(self._invoice(order.contract_milestone_ids), 400.0)
            self._pay(self._invoice(other.contract_milestone_ids))
        users = self.salesman | self.salesman_2
        received = self.env.ref("crm_kpi_contract.item_money_received")
        overdue = self.env.ref("crm_kpi_contract.item_overdue")
        with freeze_time("2026-03-01 02:00"):
            self.env["crm.contract.milestone"]._refresh_time_dependent_states()
            self.env.flush_all()
            january = received._kpi_measure(date(2026, 1, 1), date(2026, 1, 31), users)
            self.assertEqual(january, {self.salesman.id: 400.0, self.salesman_2.id: 1000.0})
            self.assertFalse(received._kpi_measure(date(2026, 2, 1), date(2026, 2, 28), users))
            february = overdue._kpi_measure(date(2026, 2, 1), date(2026, 2, 28), users)
            self.assertEqual(february, {self.salesman.id: 600.0, self.salesman_2.id: 0.0})
            self.assertEqual(overdue._kpi_score(february[self.salesman.id]), 70.0)
            self.assertEqual(overdue._kpi_score(february[self.salesman_2.id]), 100.0)
