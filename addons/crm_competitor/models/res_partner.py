from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    competitor_ids = fields.Many2many(
        "crm.competitor",
        "crm_competitor_res_partner_rel",
        "partner_id",
        "competitor_id",
        string="Competitors Used",
        help="The competitors' products this customer uses today.",
    )
