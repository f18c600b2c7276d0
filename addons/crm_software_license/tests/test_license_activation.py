from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LicenseCase


@tagged("post_install", "-at_install")
class TestLicenseActivation(LicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls._sold_license(cls.customer, cls.perpetual, 2)

    def test_seats_are_counted_and_refused_beyond(self):
        first = self.license._activate_seat("fp-1", hostname="pc-1", user_name="王伟")
        self.license._activate_seat("fp-2")
        self.assertEqual(self.license.seats_used, 2)
        with self.assertRaises(UserError):
            self.license._activate_seat("fp-3")
        self.assertEqual(self.license._activate_seat("fp-1"), first, "same machine, same seat")
        first.active = False
        self.assertEqual(self.license.seats_used, 1)
        self.license._activate_seat("fp-3")
        self.assertEqual(self.license.seats_used, 2)

    def test_manual_activation_beyond_seats_refused(self):
        Activation = self.env["crm.software.license.activation"]
        Activation.create([{"license_id": self.license.id, "fingerprint": f"m{i}"} for i in (1, 2)])
        with self.assertRaises(ValidationError):
            Activation.create({"license_id": self.license.id, "fingerprint": "m3"})

    def test_inactive_license_refuses_activation(self):
        self.license.action_suspend()
        with self.assertRaises(UserError):
            self.license._activate_seat("fp-1")

    def test_revoked_license_cannot_be_reactivated(self):
        self.license._activate_seat("fp-1")
        self.license.with_user(self.manager).action_revoke()
        self.assertEqual(self.license.seats_used, 0)
        with self.assertRaises(UserError):
            self.license.action_activate()
        self.assertEqual(self.license.state, "revoked")

    def test_only_managers_revoke(self):
        with self.assertRaises(UserError):
            self.license.with_user(self.salesman).action_revoke()
        self.assertEqual(self.license.state, "active")
