from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL


class CrmSoftwareLicenseRequest(models.Model):
    """One call of the verification API, for administrators to audit, and the counter of the
    per-address rate limit."""

    _name = "crm.software.license.request"
    _description = "License API Request"
    _order = "id desc"
    _rec_name = "endpoint"

    license_id = fields.Many2one("crm.software.license", index="btree_not_null", ondelete="cascade")
    endpoint = fields.Selection(
        [("verify", "Verify"), ("activate", "Activate"), ("deactivate", "Deactivate")],
        required=True,
    )
    outcome = fields.Char(required=True, help="'ok' or the error code answered.")
    http_status = fields.Integer(string="HTTP Status")
    client_address = fields.Char(required=True)
    fingerprint = fields.Char(string="Machine Fingerprint")

    def init(self):
        tools.create_index(
            self.env.cr,
            "crm_software_license_request_client_date_idx",
            self._table,
            ["client_address", "create_date"],
        )

    @api.model
    def _log(self, license_, endpoint, outcome, http_status, address, fingerprint):
        """Record one API call: a single INSERT, as every request of the API writes one and
        the ORM's create would cost more than the rest of a verification."""
        now = fields.Datetime.now()  # Odoo's clock, which the rate limit reads these rows by
        self.env.execute_query(
            SQL(
                """INSERT INTO crm_software_license_request
                       (license_id, endpoint, outcome, http_status, client_address, fingerprint,
                        create_uid, write_uid, create_date, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
                license_.id or None,
                endpoint,
                outcome,
                http_status,
                address,
                fingerprint or None,
                self.env.uid,
                self.env.uid,
                now,
                now,
            )
        )

    @api.autovacuum
    def _gc_old_requests(self):
        """Keep three months of API requests."""
        self.env.execute_query(
            SQL(
                "DELETE FROM crm_software_license_request WHERE create_date < %s",
                fields.Datetime.now() - timedelta(days=90),
            )
        )
