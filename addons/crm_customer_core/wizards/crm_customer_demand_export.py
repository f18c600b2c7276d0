from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the dimensions one may export the demand analysis by: field of crm.customer.demand.report
DEMAND_DIMENSIONS = [
    "visit_method_id",
    "purchase_expectation_id",
    "source_id",
    "nature",
    "product_id",
    "gender",
    "occupation",
    "value_tier",
    "lifecycle",
    "state_id",
    "user_id",
]


class CrmCustomerDemandExport(models.TransientModel):
    """Choose a dimension and a period, get the demand analysis as an Excel sheet."""

    _name = "crm.customer.demand.export"
    _description = "Export Customer Demand Analysis"

    dimension = fields.Selection(
        selection="_selection_dimension", required=True, default="visit_method_id"
    )
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")

    @api.model
    def _selection_dimension(self):
        Report = self.env["crm.customer.demand.report"]
        return [
            (name, Report._fields[name]._description_string(self.env)) for name in DEMAND_DIMENSIONS
        ]

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for export in self:
            if export.date_from and export.date_to and export.date_from > export.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))

    def action_export(self):
        self.ensure_one()
        params = [f"dimension={self.dimension}"]
        if self.date_from:
            params.append(f"date_from={self.date_from}")
        if self.date_to:
            params.append(f"date_to={self.date_to}")
        return {
            "type": "ir.actions.act_url",
            "url": "/crm_customer_core/demand_report.xlsx?" + "&".join(params),
            "target": "download",
        }
