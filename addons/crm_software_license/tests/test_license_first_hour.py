from odoo.tests import Form, tagged

from .common import LicenseCase


@tagged("post_install", "-at_install")
class TestLicenseFirstHour(LicenseCase):
    def test_quotation_line_shows_the_seats_it_gives(self):
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = self.subscription  # 5 seats per unit
            line.product_uom_qty = 5
            self.assertEqual(line.license_seats, 25)
            self.assertIn("5 seats per unit", line.name)
        with form.order_line.new() as line:
            line.product_id = self.service
            self.assertEqual(line.license_seats, 0)
        order = form.save()
        order.action_confirm()
        self.assertEqual(order.license_ids.seats, 25, "what the line said")
        arch = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertIn('name="license_seats"', arch)

    def test_creation_message_is_ours_in_the_creator_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_software_license"], ["zh_CN"])
        license_ = self._sold_license(self.customer, self.perpetual, 1)
        self.assertEqual(license_._creation_message(), "License issued")
        chinese = license_.with_context(lang="zh_CN")._creation_message()
        self.assertEqual(chinese, "授权已签发")

    def test_date_columns_fit_chinese_dates(self):
        arch = self.env.ref("crm_software_license.crm_software_license_view_list").arch
        self.assertIn('name="date_end" width="115px"', arch)
