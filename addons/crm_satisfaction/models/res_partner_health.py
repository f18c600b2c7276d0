from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _customer_health_columns(self):
        return super()._customer_health_columns() + [
            "satisfaction_response_count",
            "satisfaction_last_score",
            "satisfaction_trend",
            "satisfaction_at_risk",
        ]

    def _customer_health_satisfaction(self, today, rows):
        """The last satisfaction score (0-100), 10 when it dropped enough to put the customer
        at risk; a customer never surveyed gives no signal."""
        result = {}
        for partner_id, row in rows.items():
            if not row["satisfaction_response_count"]:
                continue
            last = round(row["satisfaction_last_score"] or 0)
            at_risk = row["satisfaction_at_risk"]
            drop = max(round(-(row["satisfaction_trend"] or 0)), 0)
            result[partner_id] = (
                10 if at_risk else last,
                {"score": last, "drop": drop, "risk": at_risk},
            )
        return result

    def _customer_health_reason_satisfaction(self, params):
        if params.get("risk"):
            return self.env._(
                "Satisfaction at risk: %(score)s, down %(drop)s points",
                score=params.get("score"),
                drop=params.get("drop"),
            )
        return self.env._("Low satisfaction: %(score)s", score=params.get("score"))
