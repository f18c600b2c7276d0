from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    satisfaction_response_ids = fields.One2many(
        "crm.satisfaction.response", "sale_order_id", string="Satisfaction Responses"
    )
    satisfaction_score = fields.Float(
        string="Satisfaction", digits=(5, 1), compute="_compute_satisfaction_score"
    )
    satisfaction_response_count = fields.Integer(compute="_compute_satisfaction_score")

    def _compute_satisfaction_score(self):
        groups = {
            order: (score, count)
            for order, score, count in self.env["crm.satisfaction.response"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["score:avg", "__count"]
            )
        }
        for order in self:
            order.satisfaction_score, order.satisfaction_response_count = groups.get(
                order, (0.0, 0)
            )

    def _satisfaction_invitation_values(self, survey=None):
        """Invitation values per survey: the company's sales survey unless one is given."""
        values = {}
        for order in self:
            order_survey = survey or order.company_id.satisfaction_sales_survey_id
            if not order_survey:
                continue
            values.setdefault(order_survey, []).append(
                {
                    "partner_id": order.partner_id.id,
                    "source_ref": f"sale.order,{order.id}",
                    "sale_order_id": order.id,
                    "user_id": order.user_id.id,
                    "team_id": order.team_id.id,
                    "company_id": order.company_id.id,
                }
            )
        return values

    def action_view_satisfaction_responses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_satisfaction.crm_satisfaction_response_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {}
        return action
