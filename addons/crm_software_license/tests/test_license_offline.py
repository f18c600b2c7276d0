import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..models.crm_software_license import LicenseError
from ..models.license_number import machine_code
from .common import LicenseCase


def verify_file(content, public_key_pem):
    """What the customer's software does: check the signature with the public key alone."""
    document = json.loads(content)
    payload = base64.b64decode(document["payload"])
    key = serialization.load_pem_public_key(public_key_pem.encode())
    key.verify(base64.b64decode(document["signature"]), payload)
    return json.loads(payload)


@tagged("post_install", "-at_install")
class TestLicenseOffline(LicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls._sold_license(cls.customer, cls.subscription, 1)

    def test_key_generated_on_install_and_kept_from_non_administrators(self):
        company = self.env.company
        self.assertIn("BEGIN PUBLIC KEY", company.license_public_key)
        self.assertEqual(len(company.license_key_id), 16)
        with self.assertRaises(AccessError):
            company.with_user(self.manager).read(["license_signing_key"])
        self.assertIn(
            "PRIVATE KEY", company.with_user(self.env.ref("base.user_admin")).license_signing_key
        )
        new_company = self.env["res.company"].create({"name": "Second Vendor"})
        self.assertTrue(new_company.license_public_key)
        self.assertNotEqual(new_company.license_public_key, company.license_public_key)

    def test_wizard_signs_a_file_the_public_key_verifies(self):
        wizard = Form(
            self.env["crm.software.license.offline"]
            .with_user(self.salesman)
            .with_context(default_license_id=self.license.id)
        )
        code = machine_code("GOV-PC-0001 board 42")
        wizard.machine_code = f"  {code.lower()}  "
        wizard = wizard.save()
        wizard.action_generate()
        content = base64.b64decode(wizard.activation_file)
        payload = verify_file(content, self.env.company.license_public_key)
        self.assertEqual(payload["license"], self.license.name)
        self.assertEqual(payload["fingerprint"], code)
        self.assertEqual(payload["valid_until"], self.license.date_end.isoformat())
        activation = self.license.activation_ids
        self.assertEqual((activation.mode, self.license.seats_used), ("offline", 1))
        document = json.loads(content)
        document["payload"] = base64.b64encode(
            base64.b64decode(document["payload"]).replace(b'"seats":5', b'"seats":500')
        ).decode()
        with self.assertRaises(InvalidSignature):
            verify_file(json.dumps(document), self.env.company.license_public_key)

    def test_offline_activation_counts_against_seats(self):
        for i in range(5):
            self.license._offline_activation_file(machine_code(f"machine-{i}"))
        with self.assertRaises(UserError):
            self.license._offline_activation_file(machine_code("machine-5"))
        self.assertEqual(self.license.seats_used, 5)

    def test_machine_code_is_checked_before_a_seat_is_taken(self):
        code = machine_code("retired PC")
        typo = code[:-1] + ("A" if code[-1] != "A" else "B")
        for bad, error in (
            ("NOTAVALIDCODE", "invalid_machine_code"),
            ("bad code with spaces", "invalid_machine_code"),
            (typo, "invalid_check_character"),
        ):
            with self.subTest(code=bad), self.assertRaises(LicenseError) as caught:
                self.license._offline_activation_file(bad)
            self.assertEqual(caught.exception.code, error)
        wizard = Form(
            self.env["crm.software.license.offline"]
            .with_user(self.salesman)
            .with_context(default_license_id=self.license.id)
        )
        wizard.machine_code = "NOTAVALIDCODE"
        with self.assertRaises(UserError):
            wizard.save().action_generate()
        self.assertEqual(self.license.seats_used, 0, "no seat taken")
