from odoo import api, fields, models
from odoo.exceptions import UserError

PRICE_LEVELS = [
    ("lower", "Cheaper than us"),
    ("similar", "About our price"),
    ("higher", "Dearer than us"),
]


class CrmCompetitor(models.Model):
    _name = "crm.competitor"
    _description = "Competitor"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True, index="trigram")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", index=True)
    website = fields.Char()
    products = fields.Text(help="What they sell against us.")
    price_level = fields.Selection(PRICE_LEVELS, tracking=True)
    strengths = fields.Html()
    weaknesses = fields.Html()
    notes = fields.Html()
    customer_ids = fields.Many2many(
        "res.partner",
        "crm_competitor_res_partner_rel",
        "competitor_id",
        "partner_id",
        string="Customers Using Them",
    )
    customer_count = fields.Integer(compute="_compute_customer_count")
    quote_ids = fields.One2many("crm.competitor.quote", "competitor_id", string="Quotes")
    # the deals they were on, won or lost by us (not only those they won)
    won_count = fields.Integer(string="Deals Won Against", compute="_compute_deal_counts")
    lost_count = fields.Integer(string="Deals Lost Against", compute="_compute_deal_counts")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "This competitor already exists."),
    ]

    @api.depends("customer_ids")
    def _compute_customer_count(self):
        for competitor in self:
            competitor.customer_count = len(competitor.customer_ids)

    def _compute_deal_counts(self):
        """Won and lost deals the user may see, from the win/loss analysis: one grouped
        query for all competitors shown."""
        Report = self.env["crm.competitor.winloss.report"]
        counts = {
            (competitor.id, outcome): count
            for competitor, outcome, count in Report._read_group(
                [("competitor_id", "in", self.ids), ("outcome", "in", ("won", "lost"))],
                ["competitor_id", "outcome"],
                ["order_id:count_distinct"],
            )
        }
        for competitor in self:
            competitor.won_count = counts.get((competitor.id, "won"), 0)
            competitor.lost_count = counts.get((competitor.id, "lost"), 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_quoted(self):
        """Deleting a competitor would silently drop the prices quoted against us and the
        deals it won: archive it instead."""
        # sudo: counting every quotation naming them, in every company and whoever owns it,
        # is what protects them; only the counts are used
        quoted = (
            self.env["crm.competitor.quote"]
            .sudo()
            .search_count([("competitor_id", "in", self.ids)])
        )
        won = self.env["sale.order"].sudo().search_count([("won_competitor_id", "in", self.ids)])
        if quoted or won:
            raise UserError(
                self.env._(
                    "%(names)s is named on %(count)s quotations: archive it instead of "
                    "deleting it, so that their prices and outcomes are kept.",
                    names=", ".join(self.mapped("name")),
                    count=quoted + won,
                )
            )

    def _action_deals(self, outcome):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_competitor.crm_competitor_winloss_report_action"
        )
        action["domain"] = [("competitor_id", "=", self.id), ("outcome", "=", outcome)]
        action["context"] = {"pivot_row_groupby": ["partner_id"]}
        action["view_mode"] = "list,pivot,graph"
        action["views"] = [(False, "list"), (False, "pivot"), (False, "graph")]
        return action

    def action_view_won(self):
        return self._action_deals("won")

    def action_view_lost(self):
        return self._action_deals("lost")

    def action_view_customers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers of %(name)s", name=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", self.customer_ids.ids)],
            "context": {"create": False},
        }
