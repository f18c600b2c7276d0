from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

LOST_FIELDS = ("is_lost", "lost_reason_id", "won_competitor_id", "lost_date")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    competitor_quote_ids = fields.One2many(
        "crm.competitor.quote", "order_id", string="Competitors", copy=True
    )
    is_lost = fields.Boolean(string="Lost", readonly=True, copy=False, index=True)
    lost_reason_id = fields.Many2one(
        "crm.quotation.lost.reason", readonly=True, copy=False, tracking=True, index=True
    )
    won_competitor_id = fields.Many2one(
        "crm.competitor",
        string="Won By",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        ondelete="restrict",
    )
    lost_date = fields.Date(readonly=True, copy=False)

    @api.constrains("is_lost", "lost_reason_id", "won_competitor_id", "state")
    def _check_lost(self):
        for order in self:
            if not order.is_lost:
                if order.lost_reason_id or order.won_competitor_id:
                    raise ValidationError(
                        self.env._(
                            "%(name)s has a lost reason or a winning competitor but is not lost.",
                            name=order.name,
                        )
                    )
                continue
            if order.state != "cancel":
                raise ValidationError(
                    self.env._(
                        "Only a cancelled quotation is lost: %(name)s is not.", name=order.name
                    )
                )
            if order.company_id.quotation_lost_reason_required and not order.lost_reason_id:
                raise ValidationError(
                    self.env._("Say why the quotation %(name)s was lost.", name=order.name)
                )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("won_competitor_id"):
            self._quote_winner()
        return result

    def _quote_winner(self):
        """The competitor who won is among the quotation's competitors, so that the win/loss
        analysis counts the deal against them."""
        missing = self.filtered(
            lambda order: order.won_competitor_id not in order.competitor_quote_ids.competitor_id
        )
        self.env["crm.competitor.quote"].with_context(crm_competitor_history=True).create(
            [
                {"order_id": order.id, "competitor_id": order.won_competitor_id.id}
                for order in missing
            ]
        )

    def _check_competitors_editable(self):
        """The competitors of a lost deal are its history: they no longer change."""
        if self.env.context.get("crm_competitor_history"):
            return
        lost = self.filtered("is_lost")
        if lost:
            raise UserError(
                self.env._(
                    "The competitors of the lost quotation %(name)s are kept as they were: "
                    "set it back to quotation first.",
                    name=lost[0].name,
                )
            )

    def action_mark_lost(self):
        not_quotations = self.filtered(lambda order: order.state not in ("draft", "sent"))
        if not_quotations:
            raise UserError(
                self.env._(
                    "Only a quotation can be lost; %(name)s is not one any more.",
                    name=not_quotations[0].name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as Lost"),
            "res_model": "crm.quotation.lost",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_draft(self):
        """A lost quotation set back to quotation is open again."""
        self.filtered("is_lost").write(dict.fromkeys(LOST_FIELDS, False))
        return super().action_draft()
