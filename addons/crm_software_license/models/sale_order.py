from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    license_ids = fields.One2many("crm.software.license", "sale_order_id", string="Licenses")
    license_count = fields.Integer(compute="_compute_license_count")

    @api.depends("license_ids")
    def _compute_license_count(self):
        counts = dict(
            self.env["crm.software.license"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.license_count = counts.get(order, 0)

    def _action_confirm(self):
        result = super()._action_confirm()
        self._create_licenses()
        return result

    def _create_licenses(self):
        """One license per license line that has none yet, in one batched create; a second
        confirmation finds the licenses and creates nothing."""
        lines = self.order_line.filtered(
            lambda line: line.product_id.is_software_license and line.product_uom_qty > 0
        )
        if not lines:
            return self.env["crm.software.license"]
        licensed = set(
            self.env["crm.software.license"]
            .sudo()  # salespeople may not see every license; only existence matters here
            .search([("sale_line_id", "in", lines.ids)])
            .sale_line_id.ids
        )
        todo = lines.filtered(lambda line: line.id not in licensed)
        License = self.env["crm.software.license"].sudo()  # issued by the confirmation
        return License.create(License._license_values_from_lines(todo))

    def _action_cancel(self):
        result = super()._action_cancel()
        licenses = (
            self.env["crm.software.license"].sudo().search([("sale_order_id", "in", self.ids)])
        )
        drafts = licenses.filtered(lambda lic: lic.state == "draft")
        licenses.filtered(lambda lic: lic.state == "active").write({"state": "suspended"})
        drafts.unlink()
        return result

    def action_view_licenses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_software_license.crm_software_license_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
