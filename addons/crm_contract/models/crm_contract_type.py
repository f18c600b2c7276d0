from odoo import fields, models


class CrmContractType(models.Model):
    """A kind of contract (sale of licences, implementation, maintenance…), to sort and
    analyse contracts by."""

    _name = "crm.contract.type"
    _description = "Contract Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    plan_template_id = fields.Many2one(
        "crm.contract.plan.template",
        string="Default Payment Plan",
        help="The payment plan proposed for new contracts of this type.",
    )

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A contract type with this name exists already."),
    ]
