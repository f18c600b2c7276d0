from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _customer_health_receivables(self, today, rows):
        """Overdue payments of the customer's contracts, by the oldest: up to 30 days late
        60, up to 90 days 30, beyond 0. One grouped query for the whole batch."""
        # sudo: the job scores every customer whoever runs it; only the count and the oldest
        # due date leave this method, over the customer's contracts in every company, as the
        # customer's score is one
        groups = (
            self.env["crm.contract.milestone"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "overdue")],
                ["partner_id"],
                ["__count", "date_due:min"],
            )
        )
        result = {}
        for partner, count, oldest in groups:
            days = (today - oldest).days if oldest else 0
            score = 60 if days <= 30 else 30 if days <= 90 else 0
            result[partner.id] = (score, {"count": count, "days": days})
        return result

    def _customer_health_reason_receivables(self, params):
        return self.env._(
            "Overdue payments: %(count)s, the oldest %(days)s days late",
            count=params.get("count", 0),
            days=params.get("days", 0),
        )
