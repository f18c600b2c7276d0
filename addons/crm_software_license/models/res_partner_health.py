from datetime import timedelta

from odoo import models

# expiring within this many days, or expired within RECENT days, without a confirmed renewal
SOON = 30
RECENT = 180


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _customer_health_licenses(self, today, rows):
        """Licenses ending without a confirmed renewal: expired 20, expiring soon 50. One
        grouped query for the batch."""
        # sudo: the job scores every customer whoever runs it; only counts leave this method,
        # over the customer's licenses in every company, as the customer's score is one
        groups = (
            self.env["crm.software.license"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", self.ids),
                    ("state", "in", ("active", "expired")),
                    ("date_end", "<=", today + timedelta(days=SOON)),
                    ("date_end", ">=", today - timedelta(days=RECENT)),
                    "|",
                    ("renewal_order_id", "=", False),
                    ("renewal_order_id.state", "!=", "sale"),
                ],
                ["partner_id", "state"],
                ["__count"],
            )
        )
        counts = {}
        for partner, state, count in groups:
            found = counts.setdefault(partner.commercial_partner_id.id, {"expired": 0, "soon": 0})
            found["expired" if state == "expired" else "soon"] += count
        return {
            partner_id: (20 if found["expired"] else 50, found)
            for partner_id, found in counts.items()
        }

    def _customer_health_reason_licenses(self, params):
        if params.get("expired"):
            return self.env._(
                "Licenses expired without renewal: %(count)s", count=params["expired"]
            )
        return self.env._(
            "Licenses ending within %(days)s days without renewal: %(count)s",
            days=SOON,
            count=params.get("soon", 0),
        )
