from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSoftwareLicenseActivation(models.Model):
    """One installation using a seat of a license (软件用户)."""

    _name = "crm.software.license.activation"
    _description = "Software License Activation"
    _order = "last_seen desc, id desc"
    _rec_name = "fingerprint"

    license_id = fields.Many2one(
        "crm.software.license", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="license_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="license_id.company_id", store=True)
    fingerprint = fields.Char(string="Machine Fingerprint", required=True)
    hostname = fields.Char(string="Host Name")
    user_name = fields.Char(string="User")
    user_email = fields.Char()
    first_activated = fields.Datetime(default=fields.Datetime.now)
    last_seen = fields.Datetime(default=fields.Datetime.now)
    mode = fields.Selection(
        [("online", "Online"), ("offline", "Offline File")], default="online", required=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "license_fingerprint_uniq",
            "unique(license_id, fingerprint)",
            "This machine is already registered on the license.",
        ),
    ]

    @api.constrains("license_id", "active")
    def _check_seats(self):
        """Activations created by hand respect the seats too."""
        self.flush_model(["active", "license_id"])
        used = dict(
            self._read_group(
                [
                    ("license_id", "in", self.filtered("active").license_id.ids),
                    ("active", "=", True),
                ],
                ["license_id"],
                ["__count"],
            )
        )
        for license_, count in used.items():
            if count > license_.seats:
                raise ValidationError(
                    self.env._(
                        "All %(seats)s seats of license %(name)s are in use.",
                        seats=license_.seats,
                        name=license_.name,
                    )
                )
