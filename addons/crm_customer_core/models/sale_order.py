from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        intent = self.env.ref("crm_customer_core.stage_intent", raise_if_not_found=False)
        if intent:
            # A quotation shows intent; the stage only moves forward.
            orders.partner_id.sudo()._crm_advance_stage(intent, orders._crm_partner_owners())
        return orders

    def action_confirm(self):
        result = super().action_confirm()
        deal = self.env["crm.customer.stage"]._get_deal_stage()
        if deal:
            # The salesperson confirming may not own the customer record (a colleague's
            # customer on a shared order); moving its stage is part of the confirmation.
            self.partner_id.sudo()._crm_advance_stage(deal, self._crm_partner_owners())
        return result

    def _crm_partner_owners(self):
        return {
            order.partner_id.commercial_partner_id.id: order.user_id
            for order in self
            if order.user_id
        }
