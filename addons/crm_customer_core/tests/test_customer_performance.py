from odoo.tests import tagged, users, warmup

from .common import CustomerFileCase

LIST_SPEC = {
    "customer_code": {},
    "complete_name": {},
    "phone": {},
    "email": {},
    "customer_stage_id": {"fields": {"display_name": {}}},
    "customer_value_tier": {},
    "customer_lifecycle": {},
    "customer_next_contact_date": {},
    "user_id": {"fields": {"display_name": {}}},
    "customer_window_revenue": {},
    "customer_company_currency_id": {"fields": {}},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_date_deadline": {},
}
KANBAN_SPEC = {
    "display_name": {},
    "customer_value_tier": {},
    "customer_code": {},
    "phone": {},
    "customer_next_contact_date": {},
    "customer_do_not_market": {},
    "customer_lifecycle": {},
    "user_id": {"fields": {"display_name": {}}},
    "activity_ids": {"fields": {}},
    "activity_state": {},
}


@tagged("post_install", "-at_install")
class TestCustomerPerformance(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partners = cls.Partner.create(
            [
                {
                    "name": f"Perf customer {i}",
                    "is_company": True,
                    "user_id": cls.salesman.id,
                    "phone": f"+86 10 5555 {i:04d}",
                    "email": f"perf{i}@example.com",
                }
                for i in range(80)
            ]
        )
        for partner in partners[:40]:
            partner.activity_schedule("mail.mail_activity_data_todo", user_id=cls.salesman.id)
        cls.env["res.partner"]._cron_recompute_customer_classification()

    def _queries(self, spec, limit):
        Partner = self.env["res.partner"]
        domain = [("customer_stage_id", "!=", False), ("name", "like", "Perf customer")]
        Partner.invalidate_model()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = Partner.web_search_read(domain, spec, limit=limit)
        self.assertEqual(len(result["records"]), limit)
        return self.cr.sql_log_count - before

    @users("crm_sales_1")
    @warmup
    def test_list_queries_do_not_grow_with_records(self):
        self._queries(LIST_SPEC, 10)  # fill the registry caches (rules, views, groups)
        self.assertEqual(self._queries(LIST_SPEC, 10), self._queries(LIST_SPEC, 80))
        with self.assertQueryCount(crm_sales_1=12):
            self.env["res.partner"].web_search_read(
                [("customer_stage_id", "!=", False)], LIST_SPEC, limit=80
            )

    @users("crm_sales_1")
    @warmup
    def test_kanban_queries_do_not_grow_with_records(self):
        self._queries(KANBAN_SPEC, 10)
        self.assertEqual(self._queries(KANBAN_SPEC, 10), self._queries(KANBAN_SPEC, 80))

    def test_contact_lookup_by_email_uses_an_index(self):
        # what the mail gateway does for every incoming e-mail, on a file of any size
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM res_partner WHERE email_normalized = %s",
            ["perf7@example.com"],
        )
        plan = " ".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("res_partner__email_normalized_index", plan)
