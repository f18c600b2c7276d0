from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quotation_lost_reason_required = fields.Boolean(
        string="Lost Reason Required",
        default=True,
        help="A quotation cancelled as lost needs a lost reason.",
    )
