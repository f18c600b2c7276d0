import json
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import LicenseCase


@tagged("post_install", "-at_install")
class TestLicenseApi(HttpCase, LicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls._sold_license(cls.customer, cls.perpetual, 2)
        cls.env["ir.config_parameter"].set_param("crm_software_license.api_rate_limit", 0)

    def _call(self, endpoint, body):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        response = self.url_open(
            f"/api/license/{endpoint}",
            data=data,
            headers={"Content-Type": "application/json"},
        )
        return response.status_code, response.json()

    def _assert_error(self, endpoint, body, status, code):
        got_status, payload = self._call(endpoint, body)
        self.assertEqual((got_status, payload["error"]["code"]), (status, code), payload)
        self.assertFalse(payload["valid"])
        return payload

    def test_verify_answers_status_and_nothing_about_the_customer(self):
        self.license._activate_seat("machine-1")
        status, payload = self._call(
            "verify", {"number": self.license.name.lower(), "fingerprint": "machine-1"}
        )
        self.assertEqual(status, 200)
        self.assertTrue(payload["valid"])
        self.assertTrue(payload["activated"])
        self.assertEqual(payload["state"], "active")
        self.assertEqual((payload["seats"], payload["seats_used"]), (2, 1))
        self.assertIsNone(payload["date_end"])
        self.assertNotIn(self.customer.name, json.dumps(payload, ensure_ascii=False))
        log = self.env["crm.software.license.request"].search([], limit=1)
        self.assertEqual(
            (log.license_id, log.endpoint, log.outcome, log.http_status, log.client_address),
            (self.license, "verify", "ok", 200, "127.0.0.1"),
        )

    def test_activate_and_deactivate_count_seats(self):
        body = {"number": self.license.name, "fingerprint": "machine-1", "hostname": "pc-1"}
        self.assertEqual(self._call("activate", body)[0], 200)
        self.assertEqual(self._call("activate", dict(body, fingerprint="machine-2"))[0], 200)
        self._assert_error(
            "activate", dict(body, fingerprint="machine-3"), 409, "no_seat_available"
        )
        status, payload = self._call("deactivate", body)
        self.assertEqual((status, payload["seats_used"]), (200, 1))
        self._assert_error("deactivate", body, 404, "not_activated")
        self.assertEqual(self._call("activate", dict(body, fingerprint="machine-3"))[0], 200)
        self.assertEqual(self.license.seats_used, 2)
        self.assertEqual(
            self.license.activation_ids.filtered("active").mapped("fingerprint"),
            ["machine-3", "machine-2"],
        )

    def test_error_codes(self):
        name = self.license.name
        mistyped = name[:-1] + ("2" if name[-1] != "2" else "3")
        self._assert_error("verify", "not json", 400, "invalid_request")
        self._assert_error("verify", [name], 400, "invalid_request")
        self._assert_error("verify", {"number": "ABC"}, 400, "malformed_number")
        self._assert_error("verify", {"number": mistyped}, 400, "invalid_check_character")
        unknown = self.env["crm.software.license"].new({}).name
        self._assert_error("verify", {"number": unknown}, 404, "unknown_license")
        self._assert_error(
            "activate", {"number": name, "fingerprint": "<script>"}, 400, "invalid_fingerprint"
        )
        self.license.action_suspend()
        payload = self._assert_error("verify", {"number": name}, 403, "license_suspended")
        self.assertEqual(payload["error"]["reason"], "manual")
        self.license.state = "draft"
        self._assert_error("verify", {"number": name}, 403, "license_inactive")
        self.license.write(
            {
                "state": "active",
                "date_start": date.today() - relativedelta(days=30),
                "date_end": date.today() - relativedelta(days=1),
            }
        )
        payload = self._assert_error("verify", {"number": name}, 403, "license_expired")
        self.assertNotIn("Traceback", json.dumps(payload))
        self.license.with_user(self.manager).action_revoke()
        self._assert_error(
            "activate", {"number": name, "fingerprint": "machine-9"}, 403, "license_revoked"
        )
        self.assertFalse(self.license.with_context(active_test=False).activation_ids)
        outcomes = self.env["crm.software.license.request"].search([]).mapped("outcome")
        self.assertIn("license_revoked", outcomes)
        self.assertIn("malformed_number", outcomes)

    def test_get_is_refused(self):
        response = self.url_open("/api/license/verify")
        self.assertEqual(response.status_code, 405)

    def test_rate_limit_answers_429(self):
        self.env["ir.config_parameter"].set_param("crm_software_license.api_rate_limit", 3)
        body = {"number": self.license.name}
        for _i in range(3):
            self.assertEqual(self._call("verify", body)[0], 200)
        response = self.url_open(
            "/api/license/verify",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["error"]["code"], "rate_limited")
        self.assertEqual(response.headers["Retry-After"], "60")

    def test_request_log_is_for_administrators(self):
        self._call("verify", {"number": self.license.name})
        Request = self.env["crm.software.license.request"]
        for user in (self.manager, self.salesman, self.portal_user):
            with self.assertRaises(AccessError):
                Request.with_user(user).search([])
        self.assertTrue(Request.with_user(self.env.ref("base.user_admin")).search([]))
