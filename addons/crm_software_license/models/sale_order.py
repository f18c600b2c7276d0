from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


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
        self._reactivate_cancelled_licenses()
        issued = self._create_licenses()
        self._apply_license_renewals(issued)
        return result

    def _reactivate_cancelled_licenses(self):
        """An order cancelled, set back to quotation and confirmed again keeps its licenses:
        those its cancellation suspended work again (past their end date: expired). Licenses
        suspended by hand or revoked stay as they are."""
        licenses = (
            self.env["crm.software.license"]
            .sudo()  # issued by the order: the confirming salesperson may not see them all
            .search([("sale_order_id", "in", self.ids), ("suspended_by_cancel", "=", True)])
        )
        if not licenses:
            return
        today = fields.Date.context_today(self)
        lapsed = licenses.filtered(lambda lic: lic.date_end and lic.date_end < today)
        (licenses - lapsed).write({"state": "active", "suspended_by_cancel": False})
        lapsed.write({"state": "expired", "suspended_by_cancel": False})
        for order, order_licenses in licenses.grouped("sale_order_id").items():
            order_licenses._message_log_batch(
                {
                    lic.id: self.env._("Reactivated: order %s was confirmed again.", order.name)
                    for lic in order_licenses
                }
            )

    def _create_licenses(self):
        """One license per license line that has none yet, in one batched create; a second
        confirmation finds the licenses and creates nothing. Lines renewing a license issue
        nothing."""
        lines = self.order_line.filtered(
            lambda line: (
                line.product_id.is_software_license
                and line.product_uom_qty > 0
                and not line.renewed_license_id
            )
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

    def _apply_license_renewals(self, issued):
        """Extend the licenses the renewal lines name. A maintenance line naming no license
        applies to the licenses the same order issues."""
        lines = self.order_line.filtered(
            lambda line: (
                line.product_id.is_license_maintenance
                or (line.product_id.is_software_license and line.renewed_license_id)
            )
        ).filtered(lambda line: not line.license_renewal_applied and line.product_uom_qty > 0)
        unnamed = lines.filtered(lambda line: not line.renewed_license_id)
        for line in unnamed:
            targets = issued.filtered(lambda lic, order=line.order_id: lic.sale_order_id == order)
            if not targets:
                raise UserError(
                    self.env._(
                        "Choose the license that the maintenance line “%s” renews.", line.name
                    )
                )
            for license_ in targets:
                # maintenance sold with the license counts from the license start
                base = max(license_.maintenance_end or license_.date_start, license_.date_start)
                license_.maintenance_end = base + relativedelta(months=line._license_months())
            line.license_renewal_applied = True
        # the salesperson confirming may not see every license it names; the lines checked
        # the customer above, and _extend_from_lines checks it again
        self.env["crm.software.license"].sudo()._extend_from_lines((lines - unnamed).sudo())

    def _action_cancel(self):
        result = super()._action_cancel()
        licenses = (
            self.env["crm.software.license"].sudo().search([("sale_order_id", "in", self.ids)])
        )
        drafts = licenses.filtered(lambda lic: lic.state == "draft")
        licenses.filtered(lambda lic: lic.state == "active").write(
            {"state": "suspended", "suspended_by_cancel": True}
        )
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
