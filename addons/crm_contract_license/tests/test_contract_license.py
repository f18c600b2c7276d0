from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_contract.tests.common import ContractCase
from odoo.addons.crm_software_license.models.crm_software_license import LicenseError


@tagged("post_install", "-at_install")
class TestContractLicense(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"contract_license_grace_days": 15, "contract_license_notice_days": 5})
        cls.customer.email = "it@contract-customer.example.com"
        cls.license_product = cls.env["product.product"].create(
            {
                "name": "ERP annual license",
                "type": "service",
                "list_price": 1000,
                "taxes_id": False,
                "is_software_license": True,
                "license_type": "subscription",
                "license_duration_months": 12,
                "license_seats_per_unit": 5,
            }
        )

    def _licensed_contract(self, customer=None, user=None):
        order = (
            self.env["sale.order"]
            .with_context(default_is_contract=True)
            .create(
                {
                    "partner_id": (customer or self.customer).id,
                    "user_id": (user or self.salesman).id,
                    "order_line": [Command.create({"product_id": self.license_product.id})],
                }
            )
        )
        order.contract_plan_template_id = self.env.ref("crm_contract.plan_template_full")
        order.action_contract_apply_plan()  # 100 % 30 days after signing
        order.action_confirm()
        self.assertEqual(order.license_ids.state, "active")
        return order

    def _run(self):
        self.env["crm.contract.milestone"]._cron_contract_reminders()

    def test_licenses_follow_the_contracts_money(self):
        with freeze_time("2026-01-05 02:00"):
            order = self._licensed_contract()
            by_hand = self._licensed_contract()
            invoice = self._invoice(order.contract_milestone_ids)  # due 4 February
            self._invoice(by_hand.contract_milestone_ids)
        by_hand.license_ids.action_suspend()
        license_ = order.license_ids
        with freeze_time("2026-02-15 02:00"):  # 11 days overdue: a warning, once
            self._run()
            self._run()
            self.assertEqual(license_.state, "active")
            warnings = order.message_ids.filtered(lambda m: "will be suspended" in m.body)
            self.assertEqual(len(warnings), 2, "the customer and the salesperson, once")
            self.assertEqual(warnings.partner_ids, self.customer | self.salesman.partner_id)
        with freeze_time("2026-02-21 02:00"):  # 17 days overdue: suspended
            self._run()
            self.assertEqual((license_.state, license_.suspended_for_payment), ("suspended", True))
            with self.assertRaises(LicenseError) as refused:
                license_._check_usable()
            self.assertEqual(
                (refused.exception.code, refused.exception.reason),
                ("license_suspended", "payment_overdue"),
            )
            self.assertEqual(by_hand.license_ids.state, "suspended")
            self.assertFalse(by_hand.license_ids.suspended_for_payment, "by hand: left alone")
            self.assertTrue(order.message_ids.filtered(lambda m: "are suspended" in m.body))
            self._pay(invoice)  # the payment that clears it: at once, no scheduled run
            self.assertEqual((license_.state, license_.suspended_for_payment), ("active", False))
            self.assertTrue(order.message_ids.filtered(lambda m: "work again" in m.body))
            self._pay(self.env["account.move"].browse(by_hand.invoice_ids.ids))
            self.assertEqual(by_hand.license_ids.state, "suspended", "suspended by hand stays")

    def test_revoked_licenses_are_never_touched(self):
        with freeze_time("2026-01-05 02:00"):
            order = self._licensed_contract()
            self._invoice(order.contract_milestone_ids)
        order.license_ids.with_user(self.manager).action_revoke()
        with freeze_time("2026-03-01 02:00"):
            self._run()
        self.assertEqual(order.license_ids.state, "revoked")
