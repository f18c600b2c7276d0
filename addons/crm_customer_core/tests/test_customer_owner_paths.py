from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerFileCase

FILE_ACTION = "crm_customer_core.res_partner_action_customer_file"
POOL_ACTION = "crm_customer_core.res_partner_action_customer_pool"


@tagged("post_install", "-at_install")
class TestCustomerOwnerPaths(CustomerFileCase):
    """Creating customers and changing their owner the ways the web client does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool = cls._pool_customers()

    def _menu_env(self, user, action=FILE_ACTION):
        """The model as the menu opens it for ``user``: the action's context, evaluated."""
        action = self.env.ref(action)
        context = safe_eval(action.context, {"uid": user.id})
        return self.env["res.partner"].with_user(user).with_context(**context)

    def _pool_log(self, partner):
        return self.env["crm.customer.pool.log"].search([("partner_id", "=", partner.id)])

    # ------------------------------------------------------------------ item 1 and 2
    def test_new_customer_from_the_file_is_potential_coded_and_owned(self):
        with Form(self._menu_env(self.salesman)) as form:
            form.name = "珠海新客户科技有限公司"
            self.assertEqual(form.user_id, self.salesman, "the salesperson defaults to the user")
        partner = form.record
        self.assertEqual(partner.customer_stage_id, self.stage_potential)
        self.assertTrue(partner.customer_code)
        self.assertEqual(partner.user_id, self.salesman)
        action = self.env.ref(FILE_ACTION)
        listed = self._menu_env(self.salesman).search(safe_eval(action.domain))
        self.assertIn(partner, listed, "the new customer is in the app's own list")
        pool = self._menu_env(self.salesman, POOL_ACTION).search(
            safe_eval(self.env.ref(POOL_ACTION).domain)
        )
        self.assertNotIn(partner, pool)

    def test_salesperson_cleared_on_the_form_still_owns_it(self):
        with Form(self._menu_env(self.salesman)) as form:
            form.name = "Cleared Owner Ltd"
            form.user_id = self.env["res.users"]
        self.assertEqual(form.record.user_id, self.salesman, "not dropped into the pool")

    def test_pool_menu_creates_pool_customers(self):
        with Form(self._menu_env(self.manager, POOL_ACTION)) as form:
            form.name = "Imported Lead Co"
        self.assertFalse(form.record.user_id)
        self.assertEqual(form.record.customer_stage_id, self.stage_potential)

    def test_quotation_gives_a_new_customer_its_salesperson(self):
        partner = self.env["res.partner"].create({"name": "Walk-in Buyer", "is_company": True})
        self.assertFalse(partner.customer_stage_id)
        self._order(partner, 50, confirm=False, user=self.salesman_2)
        self.assertEqual(partner.customer_stage_id, self.stage_intent)
        self.assertEqual(partner.user_id, self.salesman_2, "not a pool customer")

    # ------------------------------------------------------------------ item 3
    def test_setting_the_salesperson_on_the_form_is_a_claim(self):
        with Form(self.pool[0].with_user(self.salesman)) as form:
            form.user_id = self.salesman
        self.assertEqual(self.pool[0].user_id, self.salesman)
        self.assertEqual(self._pool_log(self.pool[0]).action, "claim")

    def test_plain_write_respects_the_daily_limit(self):
        for partner in self.pool[:3]:
            partner.with_user(self.salesman).write({"user_id": self.salesman.id})
        with self.assertRaises(UserError):
            self.pool[3].with_user(self.salesman).write({"user_id": self.salesman.id})
        self.assertFalse(self.pool[3].user_id)

    def test_form_respects_the_reclaim_wait(self):
        customer = self.pool[0]
        customer.with_user(self.salesman).action_customer_claim()
        with Form(customer.with_user(self.salesman)) as form:
            form.user_id = self.env["res.users"]  # released by clearing the field
        self.assertFalse(customer.user_id)
        self.assertEqual(self._pool_log(customer)[0].action, "release")
        form = Form(customer.with_user(self.salesman))
        form.user_id = self.salesman
        with self.assertRaises(UserError):
            form.save()
        customer.invalidate_recordset()
        self.assertFalse(customer.user_id)

    def test_plain_write_respects_the_ownership_cap(self):
        self.salesman.crm_customer_limit = 1  # already owns self.customer
        with self.assertRaises(ValidationError):
            self.pool[0].with_user(self.salesman).write({"user_id": self.salesman.id})

    def test_salesperson_cannot_assign_pool_customers_to_others(self):
        with self.assertRaises(UserError):
            self.pool[0].with_user(self.salesman).write({"user_id": self.salesman_2.id})
        with self.assertRaises(UserError):
            self.customer.with_user(self.salesman).write({"user_id": self.salesman_2.id})
        self.assertEqual(self.customer.user_id, self.salesman)

    def test_import_goes_through_the_pool_rules(self):
        self.salesman.crm_customer_limit = 0
        for partner in self.pool[:3]:
            partner.with_user(self.salesman).action_customer_claim()
        pool_xmlid = self.pool[3].export_data(["id"])["datas"][0][0]
        result = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .load(
                ["id", "user_id/id"],
                [[pool_xmlid, self.salesman.export_data(["id"])["datas"][0][0]]],
            )
        )
        self.assertTrue(result["messages"], "the import reports the refusal")
        self.assertFalse(self.pool[3].user_id)

    def test_manager_assigns_freely_and_takes_back_a_release(self):
        customer = self.customer
        customer.with_user(self.salesman).action_customer_release()
        with Form(customer.with_user(self.manager)) as form:
            form.user_id = self.salesman  # within the salesperson's reclaim wait
        self.assertEqual(customer.user_id, self.salesman)
        log = self._pool_log(customer)
        self.assertEqual(log.mapped("action"), ["assign", "release"])
        self.assertIn("Assigned from the customer pool", customer.message_ids[0].body)
        customer.with_user(self.manager).write({"user_id": self.salesman_2.id})
        self.assertEqual(self._pool_log(customer)[0].action, "assign")
