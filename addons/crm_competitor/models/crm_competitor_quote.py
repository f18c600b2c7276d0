from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCompetitorQuote(models.Model):
    """A competitor on a quotation and the price they quoted, against the whole quotation
    or one of its products."""

    _name = "crm.competitor.quote"
    _description = "Competitor Quote"
    _order = "order_id, id"

    order_id = fields.Many2one(
        "sale.order", string="Quotation", required=True, ondelete="cascade", index=True
    )
    competitor_id = fields.Many2one(
        "crm.competitor", required=True, ondelete="restrict", index=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Against Product",
        help="Leave empty when they quoted for the whole quotation.",
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    price = fields.Monetary(string="Their Price", currency_field="currency_id")
    our_price = fields.Monetary(
        compute="_compute_our_price", currency_field="currency_id", store=True
    )
    price_gap = fields.Monetary(
        compute="_compute_our_price",
        currency_field="currency_id",
        store=True,
        help="Their price less ours: below zero they were cheaper.",
    )
    note = fields.Char()
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="order_id.user_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)

    _sql_constraints = [
        (
            "competitor_product_uniq",
            "unique(order_id, competitor_id, product_id)",
            "This competitor is already on the quotation for this product.",
        ),
    ]

    @api.depends(
        "price",
        "product_id",
        "order_id.amount_untaxed",
        "order_id.order_line.product_id",
        "order_id.order_line.price_subtotal",
    )
    def _compute_our_price(self):
        for quote in self:
            lines = quote.order_id.order_line
            if quote.product_id:
                lines = lines.filtered(lambda line, p=quote.product_id: line.product_id == p)
                ours = sum(lines.mapped("price_subtotal"))
            else:
                ours = quote.order_id.amount_untaxed
            quote.our_price = ours
            quote.price_gap = quote.price - ours if quote.price else 0.0

    @api.constrains("price")
    def _check_price(self):
        if any(quote.price < 0 for quote in self):
            raise ValidationError(self.env._("A competitor's price cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        quotes = super().create(vals_list)
        quotes.order_id._check_competitors_editable()
        return quotes

    def write(self, vals):
        self.order_id._check_competitors_editable()
        return super().write(vals)

    def unlink(self):
        self.order_id._check_competitors_editable()
        return super().unlink()
