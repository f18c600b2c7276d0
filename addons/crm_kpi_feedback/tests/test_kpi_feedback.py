from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.crm_kpi.tests.common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiFeedback(KpiCase):
    def test_ticket_metrics_per_agent(self):
        Ticket = self.env["crm.feedback.ticket"]
        solved = self.env.ref("crm_feedback.stage_solved")
        tickets = Ticket.create(
            [
                {
                    "name": f"Ticket {i}",
                    "partner_id": self.customer.id,
                    "user_id": self.alice.user_id.id,
                }
                for i in range(3)
            ]
        )
        tickets.stage_id = solved
        tickets.write(
            {
                "solved_date": datetime(2024, 10, 10, 12, 0),
                "date_received": datetime(2024, 10, 10, 8, 0),
                "first_response_date": datetime(2024, 10, 10, 9, 0),
            }
        )
        Ticket.create(
            {"name": "Bob's", "partner_id": self.customer.id, "user_id": self.bob.user_id.id}
        )
        start, end = date(2024, 10, 1), date(2024, 10, 31)
        users = self.alice.user_id | self.bob.user_id
        solved_item = self.env.ref("crm_kpi_feedback.item_tickets_solved")
        self.assertEqual(solved_item._kpi_measure(start, end, users), {self.alice.user_id.id: 3})
        response_item = self.env.ref("crm_kpi_feedback.item_first_response")
        hours = response_item._kpi_measure(start, end, users)[self.alice.user_id.id]
        self.assertGreaterEqual(hours, 0)
        self.assertEqual(response_item._kpi_score(2), 120, "lower is better: half the target")
        self.assertTrue(
            self.env.ref("crm_kpi_feedback.item_sla_compliance")._kpi_metric_query_parts()
        )
