from odoo import fields, models


class CrmCustomerOption(models.AbstractModel):
    """Small list an administrator edits: information source, visit method, purchase
    expectation. One abstract model so the three lists behave the same."""

    _name = "crm.customer.option"
    _description = "Customer File Option"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Char(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "This name is already used."),
    ]
