from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_software_license = fields.Boolean(
        string="Software License",
        help="Confirming a sale of this product issues license numbers to the customer.",
    )
    is_license_maintenance = fields.Boolean(
        string="License Maintenance",
        help="A maintenance and upgrade period (维保期) for licenses, sold and renewed on its "
        "own. On a sale order it extends the license chosen on the line, or the licenses the "
        "same order issues.",
    )
    license_type = fields.Selection(
        [("perpetual", "Perpetual"), ("subscription", "Subscription")],
        default="subscription",
    )
    license_duration_months = fields.Integer(
        string="Duration (months)",
        default=12,
        help="Term of a subscription license, or period a maintenance product adds.",
    )
    license_seats_per_unit = fields.Integer(string="Seats per Unit", default=1)
    license_maintenance_months = fields.Integer(
        string="Maintenance Included (months)",
        help="Maintenance period included with a newly issued license; 0 for none.",
    )
    license_maintenance_product_id = fields.Many2one(
        "product.product",
        string="Maintenance Product",
        domain="[('is_license_maintenance', '=', True)]",
        help="Product quoted when the maintenance of this license is renewed.",
    )

    @api.constrains(
        "is_software_license",
        "is_license_maintenance",
        "license_type",
        "license_duration_months",
        "license_seats_per_unit",
        "license_maintenance_months",
    )
    def _check_license_terms(self):
        for template in self.filtered(lambda t: t.is_software_license or t.is_license_maintenance):
            if template.is_software_license and template.is_license_maintenance:
                raise ValidationError(
                    self.env._("A product is either a license or a maintenance service, not both.")
                )
            if template.license_maintenance_months < 0:
                raise ValidationError(self.env._("The included maintenance cannot be negative."))
            if template.is_license_maintenance and template.license_duration_months <= 0:
                raise ValidationError(
                    self.env._("A maintenance product needs a duration of at least one month.")
                )
            if not template.is_software_license:
                continue
            if template.license_seats_per_unit <= 0:
                raise ValidationError(self.env._("Seats per unit must be at least 1."))
            if template.license_type == "subscription" and template.license_duration_months <= 0:
                raise ValidationError(
                    self.env._("A subscription license needs a duration of at least one month.")
                )
