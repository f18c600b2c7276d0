from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class CrmQuotationLost(models.TransientModel):
    _name = "crm.quotation.lost"
    _description = "Mark Quotations as Lost"

    order_ids = fields.Many2many("sale.order", string="Quotations", required=True)
    lost_reason_id = fields.Many2one("crm.quotation.lost.reason")
    reason_required = fields.Boolean(compute="_compute_reason_required")
    to_competitor = fields.Boolean(related="lost_reason_id.to_competitor")
    won_competitor_id = fields.Many2one("crm.competitor", string="Won By")
    won_price = fields.Monetary(string="Their Price", currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency")
    note = fields.Text()

    @api.depends("order_ids")
    def _compute_reason_required(self):
        for wizard in self:
            wizard.reason_required = any(
                wizard.order_ids.company_id.mapped("quotation_lost_reason_required")
            )

    @api.depends("order_ids")
    def _compute_currency(self):
        for wizard in self:
            wizard.currency_id = wizard.order_ids[:1].currency_id

    def action_confirm(self):
        self.ensure_one()
        orders = self.order_ids
        if self.reason_required and not self.lost_reason_id:
            raise UserError(self.env._("Choose why the quotation was lost."))
        if self.lost_reason_id.to_competitor and not self.won_competitor_id:
            raise UserError(self.env._("Lost to a competitor: say which one won the deal."))
        if self.won_price and len(orders.currency_id) > 1:
            raise UserError(
                self.env._(
                    "Give the winner's price one quotation at a time: their currencies differ."
                )
            )
        if self.won_competitor_id and self.won_price:
            self._note_winner(orders)
        orders.with_context(disable_cancel_warning=True).action_cancel()
        orders.write(
            {
                "is_lost": True,
                "lost_reason_id": self.lost_reason_id.id,
                "won_competitor_id": self.won_competitor_id.id,
                "lost_date": fields.Date.context_today(self),
            }
        )
        if self.note:
            for order in orders:
                order.message_post(body=self.note, subtype_xmlid="mail.mt_note")
        return True

    def _note_winner(self, orders):
        """The price the winner won at, on each quotation's competitors."""
        for order in orders:
            whole = order.competitor_quote_ids.filtered(
                lambda q: q.competitor_id == self.won_competitor_id and not q.product_id
            )
            if whole:
                whole.price = self.won_price
            else:
                order.competitor_quote_ids = [
                    Command.create(
                        {"competitor_id": self.won_competitor_id.id, "price": self.won_price}
                    )
                ]
