from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.common import CustomerFileCase
from odoo.addons.crm_customer_core.tests.dashboard import (
    assert_listed_for,
    assert_translated,
    open_dashboard,
    queries_to_open,
    total,
)

# pivots and list of the board, in the order tools/dashboard_boards.py declares them
BY_STAGE, NEW, FOLLOWUPS, TO_CONTACT, CLAIMS = "1", "2", "3", "4", "5"
# 2026-04-01 00:30 in Asia/Shanghai, still March 31 in UTC
APRIL_FIRST = datetime(2026, 3, 31, 16, 30)


@tagged("post_install", "-at_install")
class TestCustomerDashboard(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("crm_customer_dashboard.dashboard_customer_file")
        (cls.salesman | cls.salesman_2 | cls.manager).write({"tz": "Asia/Shanghai"})
        # the customers of the common set-up: created long before the month under test and
        # to be contacted after it, whatever today's real date
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = '2020-01-01', "
            "customer_next_contact_date = '2026-05-01' WHERE id IN %s",
            [tuple((cls.customer | cls.customer_2).ids)],
        )
        cls.env.invalidate_all()

    def _followup(self, customer, user, when, next_contact=None):
        return (
            self.env["crm.customer.followup"]
            .with_user(user)
            .create({
                "partner_id": customer.id, "channel": "phone", "summary": "回访",
                "date": when, "next_contact_date": next_contact,
            })
        )  # fmt: skip

    def _april(self):
        """A customer and a follow-up for each salesperson in April, and one of the first
        salesperson's customers created at 23:30 on March 31, Shanghai time."""
        with freeze_time("2026-03-31 15:30"):
            march = self.Partner.create({"name": "三月客户", "user_id": self.salesman.id})
        with freeze_time(APRIL_FIRST):
            april = self.Partner.create({"name": "四月客户", "user_id": self.salesman.id})
            self._followup(april, self.salesman, APRIL_FIRST, next_contact=date(2026, 4, 1))
            self._followup(
                self.customer_2, self.salesman_2, APRIL_FIRST, next_contact=date(2026, 4, 1)
            )
            self._followup(march, self.salesman, datetime(2026, 3, 31, 15, 0))
            self.env["crm.customer.pool.log"].create([
                {"partner_id": april.id, "user_id": self.salesman.id, "action": "claim",
                 "date": APRIL_FIRST},
                {"partner_id": self.customer_2.id, "user_id": self.salesman_2.id,
                 "action": "claim", "date": APRIL_FIRST},
            ])  # fmt: skip
        self.env.flush_all()
        # the record's creation time is the transaction's, which the frozen clock does not move
        for customer, created in ((march, "2026-03-31 15:30"), (april, APRIL_FIRST)):
            self.env.cr.execute(
                "UPDATE res_partner SET create_date = %s WHERE id = %s", [created, customer.id]
            )
        self.env.invalidate_all()
        return march, april

    def test_a_salesperson_sees_their_own_customers_this_month_in_shanghai(self):
        april_first = date(2026, 4, 1)
        manager_before = open_dashboard(self.dashboard.with_user(self.manager), april_first)
        self._april()
        # the salesperson's customer in a company they do not work in stays out
        elsewhere = self.env["res.company"].create({"name": "Other Company"})
        self.Partner.create(
            {"name": "别家公司客户", "user_id": self.salesman.id, "company_id": elsewhere.id}
        )
        mine = open_dashboard(self.dashboard.with_user(self.salesman), april_first)
        # their customer and the March and April ones; not the colleague's, not the pool
        self.assertEqual(total(mine, BY_STAGE), 3)
        self.assertEqual(total(mine, NEW), 1, "created at 00:30 on April 1 in Shanghai")
        self.assertEqual(total(mine, FOLLOWUPS), 1, "the one of 23:00 on March 31 is March's")
        self.assertEqual(total(mine, TO_CONTACT), 1)
        self.assertEqual(total(mine, CLAIMS), 1)
        self.assertEqual([r["name"] for r in mine["lists"]["1"]], ["四月客户"])
        by_stage_and_tier = mine["pivots"][BY_STAGE][("customer_stage_id", "customer_value_tier")]
        self.assertEqual(sum(g["__count"] for g in by_stage_and_tier), 3)
        self.assertEqual(
            {g["customer_stage_id"][0] for g in by_stage_and_tier}, {self.stage_potential.id}
        )
        everyone = open_dashboard(self.dashboard.with_user(self.manager), april_first)
        for pivot, added in ((BY_STAGE, 2), (NEW, 1), (FOLLOWUPS, 2), (TO_CONTACT, 2),
                             (CLAIMS, 2)):  # fmt: skip
            self.assertEqual(total(everyone, pivot), total(manager_before, pivot) + added)
        names = [r["name"] for r in everyone["lists"]["1"]]
        self.assertIn("Other Salesman Customer", names)
        self.assertIn("四月客户", names)

    def _due_customers(self, count):
        with freeze_time(APRIL_FIRST):
            customers = self.Partner.create(
                [{"name": f"客户 {i}", "user_id": self.salesman.id} for i in range(count)]
            )
            for customer in customers:
                self._followup(customer, self.salesman, APRIL_FIRST, next_contact=date(2026, 4, 1))
        self.env.flush_all()

    def test_opening_costs_the_same_queries_with_ten_times_the_data(self):
        self._april()
        self._due_customers(12)  # more than the list shows: the client then counts them
        board = self.dashboard.with_user(self.salesman)
        before = queries_to_open(board, date(2026, 4, 1))
        self._due_customers(120)
        self.assertEqual(queries_to_open(board, date(2026, 4, 1)), before)

    def test_the_board_is_in_the_sales_dashboards_for_salespeople_in_chinese(self):
        group = "spreadsheet_dashboard.spreadsheet_dashboard_group_sales"
        assert_listed_for(self, self.dashboard, self.salesman, group)
        self.assertEqual(self.dashboard.group_ids, self.env.ref("sales_team.group_sale_salesman"))
        assert_translated(self, self.dashboard, "crm_customer_dashboard", "客户档案")
