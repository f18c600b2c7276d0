from odoo import fields, models


class CrmFeedbackSla(models.Model):
    _inherit = "crm.feedback.sla"

    maintenance_condition = fields.Selection(
        [("under", "Under Maintenance"), ("not_under", "Not Under Maintenance")],
        string="License Maintenance",
        help="Applies only to tickets about a license under maintenance (faster service for "
        "customers who pay for it), or only to the others; empty for all.",
    )
