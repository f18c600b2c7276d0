from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_software_license = fields.Boolean(
        string="Software License",
        help="Confirming a sale of this product issues license numbers to the customer.",
    )
    license_type = fields.Selection(
        [("perpetual", "Perpetual"), ("subscription", "Subscription")],
        default="subscription",
    )
    license_duration_months = fields.Integer(string="Duration (months)", default=12)
    license_seats_per_unit = fields.Integer(string="Seats per Unit", default=1)

    @api.constrains(
        "is_software_license", "license_type", "license_duration_months", "license_seats_per_unit"
    )
    def _check_license_terms(self):
        for template in self.filtered("is_software_license"):
            if template.license_seats_per_unit <= 0:
                raise ValidationError(self.env._("Seats per unit must be at least 1."))
            if template.license_type == "subscription" and template.license_duration_months <= 0:
                raise ValidationError(
                    self.env._("A subscription license needs a duration of at least one month.")
                )
