from odoo import fields, models


class CrmKpiItemBand(models.Model):
    """A threshold of an item scored by bands: reaching ``threshold`` scores ``score``."""

    _name = "crm.kpi.item.band"
    _description = "KPI Item Band"
    _order = "threshold"

    item_id = fields.Many2one("crm.kpi.item", required=True, index=True, ondelete="cascade")
    threshold = fields.Float(required=True)
    score = fields.Float(required=True)
