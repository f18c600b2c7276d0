import base64
import json

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_software_license import FINGERPRINT_RE, LicenseError, iso_date
from .license_number import check_machine_code


class CrmSoftwareLicense(models.Model):
    """Seats: whether a license may be used today, activating and releasing a machine's seat
    under a row lock, and the signed offline activation file."""

    _inherit = "crm.software.license"

    def _check_usable(self):
        """Raise a :class:`LicenseError` unless the license may be used today."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.state == "revoked":
            raise LicenseError("license_revoked", self.env._("License %s is revoked.", self.name))
        if self.state == "expired" or (self.date_end and self.date_end < today):
            raise LicenseError("license_expired", self.env._("License %s has expired.", self.name))
        if self.state == "suspended":
            raise LicenseError(
                "license_suspended",
                self.env._("License %s is suspended.", self.name),
                reason=self._suspension_reason(),
            )
        if self.state != "active":
            raise LicenseError(
                "license_inactive", self.env._("License %s is not active yet.", self.name)
            )

    def _suspension_reason(self):
        """Why this suspended license is suspended, as the verification API says it; other
        addons add their reasons."""
        self.ensure_one()
        return "order_cancelled" if self.suspended_by_cancel else "manual"

    @api.model
    def _check_fingerprint(self, fingerprint):
        """The machine fingerprint (or offline machine code) without surrounding spaces."""
        fingerprint = fingerprint.strip() if isinstance(fingerprint, str) else ""
        if not FINGERPRINT_RE.match(fingerprint):
            raise LicenseError(
                "invalid_fingerprint",
                self.env._(
                    "A machine code has 4 to 128 letters, digits and the characters . _ : -"
                ),
            )
        return fingerprint

    def _lock_seats(self):
        """Lock the license row before counting its seats.

        An UPDATE rather than SELECT FOR UPDATE: every seat change writes the row, so under
        Odoo's REPEATABLE READ a transaction that counted from an older snapshot fails with a
        serialization error and Odoo retries the request, instead of over-counting seats.
        """
        self.env.execute_query(
            SQL("UPDATE crm_software_license SET write_date = write_date WHERE id = %s", self.id)
        )
        self.invalidate_recordset(["state", "seats", "date_end", "seats_used"])

    def _activate_seat(
        self, fingerprint, hostname=False, user_name=False, user_email=False, mode="online"
    ):
        """Take a seat for ``fingerprint`` (or refresh its activation).

        :return: the activation
        :raise LicenseError: when the license may not be used or all seats are taken
        """
        self.ensure_one()
        fingerprint = self._check_fingerprint(fingerprint)
        self._lock_seats()
        self._check_usable()
        Activation = self.env["crm.software.license.activation"].with_context(active_test=False)
        activation = Activation.search(
            [("license_id", "=", self.id), ("fingerprint", "=", fingerprint)], limit=1
        )
        now = fields.Datetime.now()
        if activation.active:
            activation.last_seen = now
            return activation
        used = Activation.search_count([("license_id", "=", self.id), ("active", "=", True)])
        if used >= self.seats:
            raise LicenseError(
                "no_seat_available",
                self.env._(
                    "All %(seats)s seats of license %(name)s are in use.",
                    seats=self.seats,
                    name=self.name,
                ),
            )
        values = {
            "active": True,
            "last_seen": now,
            "hostname": hostname,
            "user_name": user_name,
            "user_email": user_email,
            "mode": mode,
        }
        if activation:
            activation.write(dict(values, first_activated=now))
            return activation
        return Activation.create(
            dict(values, license_id=self.id, fingerprint=fingerprint, first_activated=now)
        )

    def _deactivate_seat(self, fingerprint):
        """Release the seat held by ``fingerprint``.

        :raise LicenseError: when that machine holds no seat of this license
        """
        self.ensure_one()
        fingerprint = self._check_fingerprint(fingerprint)
        self._lock_seats()
        activation = self.env["crm.software.license.activation"].search(
            [("license_id", "=", self.id), ("fingerprint", "=", fingerprint)], limit=1
        )
        if not activation:
            raise LicenseError(
                "not_activated",
                self.env._("This machine holds no seat of license %s.", self.name),
            )
        activation.active = False
        return activation

    def _offline_activation_file(self, machine_code, user_name=False, user_email=False):
        """Take a seat for the machine and return the activation file its software loads
        without network: a JSON payload and its Ed25519 signature, which the software checks
        with the company's public key alone.

        :return: (file name, file content as bytes)
        """
        self.ensure_one()
        code, problem = check_machine_code(machine_code)
        if problem == "malformed":
            raise LicenseError(
                "invalid_machine_code",
                self.env._(
                    "A machine code has 16 letters and digits in four groups, like "
                    "7F3A-22C9-9B4K-E6DP, as the software shows it."
                ),
            )
        if problem:
            raise LicenseError(
                "invalid_check_character",
                self.env._("This machine code is mistyped: check it against the software."),
            )
        activation = self._activate_seat(
            code, user_name=user_name, user_email=user_email, mode="offline"
        )
        payload = json.dumps(
            {
                "license": self.name,
                "product": self.product_id.default_code or self.product_id.name,
                "fingerprint": activation.fingerprint,
                "seats": self.seats,
                "valid_until": iso_date(self.date_end),
                "maintenance_until": iso_date(self.maintenance_end),
                "issued_at": fields.Datetime.now().isoformat(timespec="seconds") + "Z",
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        content = json.dumps(
            {
                "format": "crm-license-activation/1",
                "algorithm": "Ed25519",
                "key_id": self.company_id.license_key_id,
                "payload": base64.b64encode(payload).decode(),
                "signature": self.company_id._license_sign(payload),
            },
            indent=2,
        ).encode()
        return f"{self.name}.lic", content
