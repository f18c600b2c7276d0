from odoo import fields, models


class CrmQuotationLostReason(models.Model):
    _name = "crm.quotation.lost.reason"
    _description = "Quotation Lost Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    to_competitor = fields.Boolean(
        string="Lost to a Competitor",
        help="The competitor who won is asked for when this reason is given.",
    )
