import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_customer_core.tests.common import url_open_read_only

from .common import LicenseCase


@tagged("post_install", "-at_install", "security")
class TestLicenseSecurity(LicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls._sold_license(cls.customer, cls.perpetual, 1)
        cls.license._activate_seat("fp-own")
        cls.other_license = cls._sold_license(cls.customer_2, cls.perpetual, 1, user=cls.salesman_2)
        cls.other_license._activate_seat("fp-other")

    def test_salesman_sees_licenses_of_own_customers_only(self):
        visible = self.env["crm.software.license"].with_user(self.salesman).search([])
        self.assertIn(self.license, visible)
        self.assertNotIn(self.other_license, visible)
        with self.assertRaises(AccessError):
            self.other_license.with_user(self.salesman).read(["name"])
        activations = (
            self.env["crm.software.license.activation"].with_user(self.salesman).search([])
        )
        self.assertEqual(activations.license_id, self.license)

    def test_manager_sees_all(self):
        visible = (
            self.env["crm.software.license"]
            .with_user(self.manager)
            .search([("id", "in", (self.license | self.other_license).ids)])
        )
        self.assertEqual(visible, self.license | self.other_license)

    def test_salesman_confirming_issues_licenses(self):
        order = self._order(self.customer, [(self.subscription, 1)]).with_user(self.salesman)
        order.action_confirm()
        self.assertEqual(len(order.license_ids), 1)

    def test_portal_and_other_company_refused(self):
        # a portal user of no customer sees no license and no activation
        self.assertFalse(self.env["crm.software.license"].with_user(self.portal_user).search([]))
        self.assertFalse(
            self.env["crm.software.license.activation"].with_user(self.portal_user).search([])
        )
        with self.assertRaises(AccessError):
            self.license.with_user(self.portal_user).write({"seats": 9})
        other_company = self.env["res.company"].create({"name": "Elsewhere"})
        self.license.company_id = other_company
        with self.assertRaises(AccessError):
            self.license.with_user(self.salesman).read(["name"])


@tagged("post_install", "-at_install", "security")
class TestLicenseRegisterExport(HttpCase, LicenseCase):
    def test_xlsx_register_respects_record_rules(self):
        own = self._sold_license(self.customer, self.subscription, 1)
        other = self._sold_license(self.customer_2, self.perpetual, 1, user=self.salesman_2)
        self.authenticate("lic_sales_1", "lic_sales_1")
        response = url_open_read_only(self, "/crm_software_license/register.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertIn(own.name, numbers)
        self.assertNotIn(other.name, numbers)
        self.assertEqual(sheet.cell(1, 1).value, "License Number")
