from odoo import api, models
from odoo.exceptions import UserError


class SaleOrderLine(models.Model):
    """Line changes that move a contract's total: the approval is asked again, and a
    contract with invoiced milestones keeps its total."""

    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        before = orders._contract_price_snapshot()
        lines = super().create(vals_list)
        orders._contract_after_price_change(before)
        return lines

    def write(self, vals):
        orders = self.order_id
        before = orders._contract_price_snapshot()
        result = super().write(vals)
        (orders | self.order_id)._contract_after_price_change(before)
        return result

    def unlink(self):
        orders = self.order_id
        before = orders._contract_price_snapshot()
        result = super().unlink()
        orders.exists()._contract_after_price_change(before)
        return result


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _contract_price_snapshot(self):
        return {
            order.id: (order.amount_total, max(order.order_line.mapped("discount") or [0]))
            for order in self
            if order.is_contract or order.contract_approval_state == "approved"
        }

    def _contract_after_price_change(self, before):
        changed = self.filtered(
            lambda o: (
                o.id in before
                and (o.amount_total, max(o.order_line.mapped("discount") or [0])) != before[o.id]
            )
        )
        if not changed:
            return
        changed._contract_reset_approval()
        invoiced = changed.filtered(
            lambda o: (
                o.contract_milestone_ids.invoice_ids.filtered(lambda i: i.state != "cancel")
                and not o.currency_id.compare_amounts(o.amount_total, before[o.id][0]) == 0
            )
        )
        if invoiced:
            raise UserError(
                self.env._(
                    "The contract %(contract)s has invoiced milestones: its total no longer "
                    "changes. Make an amendment as a new contract, or cancel the invoices with "
                    "credit notes first.",
                    contract=invoiced[0].display_name,
                )
            )
