from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _customer_health_satisfaction(self, today):
        """The last satisfaction score (0-100), 10 when it dropped enough to put the customer
        at risk; a customer never surveyed gives no signal. One query for the batch."""
        rows = self._customer_health_fetch(
            ["satisfaction_response_count", "satisfaction_last_score", "satisfaction_trend",
             "satisfaction_at_risk"]
        )  # fmt: skip
        return {
            partner_id: (
                10 if at_risk else round(last or 0),
                {"score": round(last or 0), "drop": max(round(-(trend or 0)), 0), "risk": at_risk},
            )
            for partner_id, (count, last, trend, at_risk) in rows.items()
            if count
        }

    def _customer_health_reason_satisfaction(self, params):
        if params.get("risk"):
            return self.env._(
                "Satisfaction at risk: %(score)s, down %(drop)s points",
                score=params.get("score"),
                drop=params.get("drop"),
            )
        return self.env._("Low satisfaction: %(score)s", score=params.get("score"))
