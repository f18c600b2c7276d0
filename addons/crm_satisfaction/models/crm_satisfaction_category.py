from odoo import fields, models


class CrmSatisfactionCategory(models.Model):
    """What a survey item measures (product, delivery, attitude, response time): scores are
    averaged per category to compare salespeople."""

    _name = "crm.satisfaction.category"
    _description = "Satisfaction Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A satisfaction category with this name already exists."),
    ]
