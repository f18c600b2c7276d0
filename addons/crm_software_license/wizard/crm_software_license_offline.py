import base64

from odoo import fields, models


class CrmSoftwareLicenseOffline(models.TransientModel):
    """Turn the machine code shown by the customer's software into a signed activation file."""

    _name = "crm.software.license.offline"
    _description = "Offline License Activation"

    license_id = fields.Many2one("crm.software.license", required=True, readonly=True)
    machine_code = fields.Char(required=True)
    user_name = fields.Char(string="User")
    activation_file = fields.Binary(readonly=True, attachment=False)
    activation_filename = fields.Char()

    def action_generate(self):
        self.ensure_one()
        filename, content = self.license_id._offline_activation_file(
            self.machine_code, user_name=self.user_name
        )
        self.write({"activation_file": base64.b64encode(content), "activation_filename": filename})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
