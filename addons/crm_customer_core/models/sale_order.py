from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        intent = self.env.ref("crm_customer_core.stage_intent", raise_if_not_found=False)
        if intent:
            # A quotation shows intent; the stage only moves forward.
            orders.partner_id.sudo()._crm_advance_stage(intent)
        return orders

    def action_confirm(self):
        result = super().action_confirm()
        deal = self.env["crm.customer.stage"]._get_deal_stage()
        if deal:
            # The salesperson confirming may not own the customer record (a colleague's
            # customer on a shared order); moving its stage is part of the confirmation.
            self.partner_id.sudo()._crm_advance_stage(deal)
        return result
