from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _customer_health_tickets(self, today):
        """Open tickets cost 10 points each, those past their SLA 25 more: two grouped
        queries for the whole batch."""
        # sudo: the job scores every customer whoever runs it; only counts leave this method,
        # over the customer's tickets in every company, as the customer's score is one
        Ticket = self.env["crm.feedback.ticket"].sudo()
        mine = [("commercial_partner_id", "in", self.ids)]
        counts = {}
        for key, domain in (
            ("open", Ticket._domain_open()),
            ("overdue", Ticket._domain_overdue()),
        ):
            for partner, count in Ticket._read_group(
                mine + domain, ["commercial_partner_id"], ["__count"]
            ):
                counts.setdefault(partner.id, {"open": 0, "overdue": 0})[key] = count
        return {
            partner_id: (max(0, 100 - 10 * c["open"] - 25 * c["overdue"]), c)
            for partner_id, c in counts.items()
        }

    def _customer_health_reason_tickets(self, params):
        if params.get("overdue"):
            return self.env._(
                "Open tickets: %(open)s, past their SLA: %(overdue)s",
                open=params["open"],
                overdue=params["overdue"],
            )
        return self.env._("Open tickets: %(open)s", open=params.get("open", 0))
