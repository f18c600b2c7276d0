from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    software_license_count = fields.Integer(
        string="Licenses",
        compute="_compute_software_license_count",
        groups="sales_team.group_sale_salesman",
    )

    def _compute_software_license_count(self):
        counts = dict(
            self.env["crm.software.license"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.software_license_count = counts.get(partner.commercial_partner_id, 0)

    def _get_customer_360_summary(self):
        return super()._get_customer_360_summary() + [
            (self.env._("Licenses"), self.software_license_count)
        ]

    def action_view_software_licenses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_software_license.crm_software_license_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
