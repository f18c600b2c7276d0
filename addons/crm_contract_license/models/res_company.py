from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_license_grace_days = fields.Integer(
        string="License Grace Days",
        default=15,
        help="A contract's licenses are suspended once one of its payments is overdue this "
        "many days. 0: never.",
    )
    contract_license_notice_days = fields.Integer(
        string="License Notice Days",
        default=5,
        help="The customer and the salesperson are warned this many days before.",
    )
