from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import FeedbackCase


@tagged("post_install", "-at_install")
class TestFeedbackHealth(FeedbackCase):
    def test_open_and_overdue_tickets_lower_the_health(self):
        self._ticket()
        late = self._ticket()
        solved = self._ticket()
        solved.stage_id = self.Ticket._stage_of_type("solved")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_feedback_ticket SET sla_deadline = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(hours=2), late.id),
        )
        self.env.invalidate_all()
        customers = self.customer | self.customer_2
        customers._customer_health_compute(fields.Date.today())
        score, counts = self.customer.customer_health_detail["tickets"]
        self.assertEqual((score, counts), (55, {"open": 2, "overdue": 1}))
        self.assertIn("Open tickets: 2, past their SLA: 1", self.customer.customer_health_reasons)
        self.assertNotIn("tickets", self.customer_2.customer_health_detail, "no ticket, no harm")
        self.assertGreater(
            self.customer_2.customer_health_score, self.customer.customer_health_score
        )
