from collections import defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    contract_count = fields.Integer(compute="_compute_contract_figures")
    contract_outstanding = fields.Monetary(
        compute="_compute_contract_figures",
        string="Outstanding Receivables",
        currency_field="contract_currency_id",
    )
    contract_overdue = fields.Monetary(
        compute="_compute_contract_figures",
        string="Overdue Receivables",
        currency_field="contract_currency_id",
    )
    contract_currency_id = fields.Many2one("res.currency", compute="_compute_contract_figures")

    @api.depends_context("company")
    def _compute_contract_figures(self):
        """Per customer (its contacts included), converted to the company's currency, in two
        grouped queries under the user's rules."""
        company_currency = self.env.company.currency_id
        commercial = self.commercial_partner_id
        counts = defaultdict(int)
        for partner, count in self.env["sale.order"]._read_group(
            [("is_contract", "=", True), ("state", "=", "sale"),
             ("partner_id", "child_of", commercial.ids)],
            ["partner_id"],
            ["__count"],
        ):  # fmt: skip
            counts[partner.commercial_partner_id] += count
        today = fields.Date.context_today(self)
        amounts = defaultdict(float)
        for partner, state, currency, outstanding in self.env["crm.contract.milestone"]._read_group(
            [("partner_id", "in", commercial.ids), ("state", "not in", ("paid", "cancelled")),
             ("company_id", "=", self.env.company.id)],
            ["partner_id", "state", "currency_id"],
            ["amount_outstanding:sum"],
        ):  # fmt: skip
            amounts[partner, state] += currency._convert(
                outstanding, company_currency, self.env.company, today
            )
        for partner in self:
            customer = partner.commercial_partner_id
            partner.contract_count = counts.get(customer, 0)
            partner.contract_currency_id = company_currency
            partner.contract_outstanding = sum(
                value for (who, _state), value in amounts.items() if who == customer
            )
            partner.contract_overdue = amounts.get((customer, "overdue"), 0.0)

    def _get_customer_360_summary(self):
        summary = super()._get_customer_360_summary()
        if not self.env["sale.order"].has_access("read"):
            return summary
        currency = self.contract_currency_id
        return summary + [
            (self.env._("Contracts"), self.contract_count),
            (self.env._("Outstanding receivables"), currency.format(self.contract_outstanding)),
            (self.env._("Overdue receivables"), currency.format(self.contract_overdue)),
        ]

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contract.sale_order_action_contracts"
        )
        action["domain"] = [
            ("is_contract", "=", True),
            ("partner_id", "child_of", self.commercial_partner_id.id),
        ]
        action["context"] = {
            "default_is_contract": True,
            "default_partner_id": self.commercial_partner_id.id,
        }
        return action
