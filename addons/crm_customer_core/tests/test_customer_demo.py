from odoo.tests import tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerDemo(CustomerFileCase):
    """What a newcomer meets in the demo database."""

    def test_demo_users_start_in_the_customer_file(self):
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        demo = self.env.ref("base.user_demo", raise_if_not_found=False)
        if not (admin and demo) or not self.env.ref(
            "crm_customer_core.customer_01_demo", raise_if_not_found=False
        ):
            self.skipTest("installed without demo data")
        action = self.env.ref("crm_customer_core.res_partner_action_customer_file")
        self.assertEqual((admin | demo).action_id.ids, action.ids)

    def test_new_button_keeps_one_line(self):
        assets = self.env["ir.asset"]._get_asset_paths("web.assets_backend", {})
        self.assertTrue(any("control_panel.scss" in path for path, *_rest in assets))
