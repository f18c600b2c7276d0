import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    license_reminder_days = fields.Char(
        string="Renewal Reminder Days",
        default="30,7",
        help="Days before a license or maintenance end when the customer and the salesperson "
        "are reminded, separated by commas.",
    )
    license_auto_renew = fields.Boolean(
        string="Automatic Renewal Quotations",
        help="Create the renewal quotation with the first reminder.",
    )
    license_signing_key = fields.Char(
        groups="base.group_system",
        copy=False,
        help="Ed25519 private key (PEM) that signs offline activation files.",
    )
    license_public_key = fields.Text(
        readonly=True,
        copy=False,
        help="Ed25519 public key (PEM) the software uses to verify offline activation files.",
    )
    license_key_id = fields.Char(
        string="Key Identifier", compute="_compute_license_key_id", help="Short digest of the key."
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._generate_license_signing_key()
        return companies

    @api.depends("license_public_key")
    def _compute_license_key_id(self):
        for company in self:
            company.license_key_id = (
                hashlib.sha256(company.license_public_key.encode()).hexdigest()[:16]
                if company.license_public_key
                else False
            )

    @api.constrains("license_reminder_days")
    def _check_license_reminder_days(self):
        for company in self:
            parts = [p.strip() for p in (company.license_reminder_days or "").split(",")]
            if any(p and (not p.isdigit() or int(p) <= 0) for p in parts):
                raise ValidationError(
                    self.env._("Reminder days are positive whole numbers separated by commas.")
                )

    def _generate_license_signing_key(self):
        """A new Ed25519 key pair per company. Files signed with an older key no longer verify."""
        for company in self.sudo():  # the key is written by the system, never returned
            key = Ed25519PrivateKey.generate()
            company.write(
                {
                    "license_signing_key": key.private_bytes(
                        serialization.Encoding.PEM,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    ).decode(),
                    "license_public_key": key.public_key()
                    .public_bytes(
                        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                    )
                    .decode(),
                }
            )

    def action_generate_license_signing_key(self):
        if not self.env.user.has_group("base.group_system"):
            raise ValidationError(self.env._("Only administrators can replace the signing key."))
        self._generate_license_signing_key()
        return True

    def _license_sign(self, data):
        """Base64 Ed25519 signature of ``data`` (bytes) with the company's key."""
        self.ensure_one()
        # sudo: the private key is readable by administrators only; it signs here and is
        # never returned to the caller
        company = self.sudo()
        if not company.license_signing_key:
            company._generate_license_signing_key()
        key = serialization.load_pem_private_key(company.license_signing_key.encode(), None)
        return base64.b64encode(key.sign(data)).decode()
