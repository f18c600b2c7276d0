from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    license_ids = fields.One2many("crm.software.license", "sale_line_id", string="Licenses")
    renewed_license_id = fields.Many2one(
        "crm.software.license",
        string="Renews License",
        index="btree_not_null",
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="Confirming the order extends this license (or its maintenance) instead of "
        "issuing a new license number.",
    )
    commercial_partner_id = fields.Many2one(related="order_id.partner_id.commercial_partner_id")
    license_renewal_applied = fields.Boolean(copy=False, readonly=True)
    is_license_line = fields.Boolean(compute="_compute_is_license_line")
    license_seats = fields.Integer(
        string="Seats",
        compute="_compute_license_seats",
        help="Seats of the license this line issues: the quantity times the product's seats "
        "per unit.",
    )

    @api.depends("product_id")
    def _compute_is_license_line(self):
        for line in self:
            template = line.product_id.product_tmpl_id
            line.is_license_line = template.is_software_license or template.is_license_maintenance

    @api.depends("product_id", "product_uom_qty")
    def _compute_license_seats(self):
        for line in self:
            template = line.product_id.product_tmpl_id
            line.license_seats = (
                int(line.product_uom_qty) * template.license_seats_per_unit
                if template.is_software_license
                else 0
            )

    def _get_sale_order_line_multiline_description_sale(self):
        """Say on the quotation what one unit of a license product gives: ordering 5 of a
        "5 seats" product is a 25-seat license."""
        description = super()._get_sale_order_line_multiline_description_sale()
        template = self.product_id.product_tmpl_id
        if template.is_software_license and template.license_seats_per_unit > 1:
            description += "\n" + self.env._("%s seats per unit", template.license_seats_per_unit)
        return description

    def _license_months(self):
        """Months a renewal line adds: one term of the license, or the maintenance period
        times the quantity."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        if template.is_license_maintenance:
            return template.license_duration_months * max(1, int(self.product_uom_qty))
        return template.license_duration_months
