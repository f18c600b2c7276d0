from odoo import fields, models


class CrmKpiCategory(models.Model):
    """A group of assessment items: sales, customer care, service."""

    _name = "crm.kpi.category"
    _description = "KPI Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
