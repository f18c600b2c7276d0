"""Verification API for the vendor's software: JSON in, JSON out, one error code per refusal.

Error codes (HTTP status): invalid_request (400), malformed_number (400),
invalid_check_character (400), invalid_fingerprint (400), unknown_license (404),
license_inactive / license_suspended / license_expired / license_revoked (403),
not_activated (404), no_seat_available (409), rate_limited (429).
"""

import json
from datetime import timedelta

from odoo import fields, http
from odoo.http import request

from ..models.crm_software_license import LicenseError, iso_date
from ..models.license_number import check_number

STATUS = {
    "invalid_request": 400,
    "malformed_number": 400,
    "invalid_check_character": 400,
    "invalid_fingerprint": 400,
    "unknown_license": 404,
    "not_activated": 404,
    "license_inactive": 403,
    "license_suspended": 403,
    "license_expired": 403,
    "license_revoked": 403,
    "no_seat_available": 409,
    "rate_limited": 429,
}


API = "/api/license"
ROUTE = {
    "type": "http",
    "auth": "public",
    "methods": ["POST"],
    "csrf": False,  # called by software, not by a browser session
    "save_session": False,
}


class ApiRefusal(Exception):
    def __init__(self, code, message, license_=None):
        super().__init__(message)
        self.code, self.message, self.license = code, message, license_


class LicenseApiController(http.Controller):
    @http.route(
        "/api/license/verify",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def verify(self):
        return self._serve("verify", self._verify)

    @http.route(
        "/api/license/activate",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def activate(self):
        return self._serve("activate", self._activate)

    @http.route(
        "/api/license/deactivate",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def deactivate(self):
        return self._serve("deactivate", self._deactivate)

    # ------------------------------------------------------------------ handlers
    def _verify(self, license_, body):
        # checked before anything is written: a refused verification changes nothing
        license_._check_usable()
        fingerprint = body.get("fingerprint")
        activated = False
        if fingerprint:
            activation = license_.activation_ids.filtered(
                lambda act: act.fingerprint == fingerprint
            )
            if activation:
                activation.last_seen = fields.Datetime.now()
                activated = True
        return dict(self._license_status(license_), activated=activated)

    def _activate(self, license_, body):
        license_._activate_seat(
            body.get("fingerprint"),
            hostname=self._text(body, "hostname"),
            user_name=self._text(body, "user_name"),
            user_email=self._text(body, "user_email"),
        )
        return dict(self._license_status(license_), activated=True)

    def _deactivate(self, license_, body):
        license_._deactivate_seat(body.get("fingerprint"))
        return dict(self._license_status(license_), activated=False)

    @staticmethod
    def _text(body, key):
        value = body.get(key)
        return value[:256] if isinstance(value, str) else False

    @staticmethod
    def _license_status(license_):
        """What the software may know: the license, never the customer."""
        return {
            "valid": True,
            "license": license_.name,
            "state": license_.state,
            "license_type": license_.license_type,
            "product": license_.product_id.default_code or license_.product_id.name,
            "date_end": iso_date(license_.date_end),
            "maintenance_end": iso_date(license_.maintenance_end),
            "under_maintenance": license_.under_maintenance,
            "seats": license_.seats,
            "seats_used": license_.seats_used,
        }

    # ------------------------------------------------------------------ plumbing
    def _serve(self, endpoint, handler):
        # sudo: the caller is anonymous software; it proves itself with the license number
        # (a secret), and the answer carries only the license's own status
        env = request.env(su=True)
        address = request.httprequest.remote_addr or "unknown"
        license_ = env["crm.software.license"]
        fingerprint = False
        try:
            self._check_rate_limit(env, address)
            try:
                body = json.loads(request.httprequest.get_data() or b"null")
            except ValueError:
                body = None
            if not isinstance(body, dict):
                raise ApiRefusal("invalid_request", "The request body must be a JSON object.")
            fingerprint = self._text(body, "fingerprint")
            number, problem = check_number(body.get("number"))
            if problem == "check_character":
                raise ApiRefusal(
                    "invalid_check_character", "The license number is mistyped (check character)."
                )
            if problem:
                raise ApiRefusal("malformed_number", "This is not a license number.")
            license_ = license_.search([("name", "=", number)], limit=1)
            if not license_:
                raise ApiRefusal("unknown_license", "No license has this number.")
            if endpoint == "verify":  # refuses before it writes: nothing to roll back
                payload = handler(license_, body)
            else:  # a refused seat change rolls back what it wrote; the log stays
                with env.cr.savepoint():
                    payload = handler(license_, body)
            code, status = "ok", 200
        except ApiRefusal as refusal:
            code, status = refusal.code, STATUS[refusal.code]
            payload = {"valid": False, "error": {"code": code, "message": refusal.message}}
        except LicenseError as error:
            code, status = error.code, STATUS[error.code]
            payload = {"valid": False, "error": {"code": code, "message": error.args[0]}}
            if error.reason:
                payload["error"]["reason"] = error.reason
            if license_:
                payload["state"] = license_.state
        env["crm.software.license.request"]._log(
            license_, endpoint, code, status, address, fingerprint
        )
        headers = {"Retry-After": "60"} if status == 429 else None
        return request.make_json_response(payload, headers=headers, status=status)

    @staticmethod
    def _check_rate_limit(env, address):
        limit = int(
            env["ir.config_parameter"].get_param("crm_software_license.api_rate_limit", 60) or 0
        )
        if limit <= 0:
            return
        since = fields.Datetime.now() - timedelta(minutes=1)
        count = env["crm.software.license.request"].search_count(
            [("client_address", "=", address), ("create_date", ">=", since)], limit=limit
        )
        if count >= limit:
            raise ApiRefusal("rate_limited", f"More than {limit} requests a minute.")
