from odoo import api, fields, models


class CrmFeedbackTicket(models.Model):
    _inherit = "crm.feedback.ticket"

    license_id = fields.Many2one(
        "crm.software.license",
        index="btree_not_null",
        tracking=True,
        domain="[('partner_id', '=', commercial_partner_id)]",
    )
    license_under_maintenance = fields.Boolean(related="license_id.under_maintenance")
    license_maintenance_end = fields.Date(related="license_id.maintenance_end")

    @api.depends("license_id", "license_id.maintenance_end")
    def _compute_sla_id(self):
        return super()._compute_sla_id()

    def _sla_matches(self, sla, covers):
        if not super()._sla_matches(sla, covers):
            return False
        if sla.maintenance_condition == "under":
            return bool(self.license_id.under_maintenance)
        if sla.maintenance_condition == "not_under":
            return not self.license_id.under_maintenance
        return True

    @api.onchange("partner_id")
    def _onchange_partner_license(self):
        if self.license_id and self.license_id.partner_id != self.commercial_partner_id:
            self.license_id = False
