from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CompetitorCase


@tagged("post_install", "-at_install", "security")
class TestCompetitorSecurity(CompetitorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._quotation(user=cls.salesman, quotes=((cls.boyuan, 900.0, None),))
        cls.quote = cls.order.competitor_quote_ids

    def test_colleague_cannot_see_or_change_my_competitor_quotes(self):
        Quote = self.env["crm.competitor.quote"].with_user(self.salesman_2)
        self.assertFalse(Quote.search([("order_id", "=", self.order.id)]))
        with self.assertRaises(AccessError):
            self.quote.with_user(self.salesman_2).read(["price"])
        with self.assertRaises(AccessError):
            self.quote.with_user(self.salesman_2).write({"price": 1.0})
        with self.assertRaises(AccessError):
            self.quote.with_user(self.salesman_2).unlink()
        Report = self.env["crm.competitor.winloss.report"].with_user(self.salesman_2)
        self.assertFalse(Report.search([("order_id", "=", self.order.id)]))
        # the owner and the manager do
        self.assertEqual(self.quote.with_user(self.salesman).price, 900.0)
        self.assertEqual(self.quote.with_user(self.manager).price, 900.0)

    def test_salesperson_keeps_competitors_but_does_not_delete_them(self):
        Competitor = self.env["crm.competitor"].with_user(self.salesman)
        mine = Competitor.create({"name": "新锐信息"})
        mine.write({"price_level": "similar"})
        with self.assertRaises(AccessError):
            mine.unlink()
        with self.assertRaises(AccessError):
            self.env["crm.quotation.lost.reason"].with_user(self.salesman).create(
                {"name": "Too late"}
            )
        with self.assertRaises(AccessError):
            self.reason_price.with_user(self.salesman).write({"name": "x"})
        mine.with_user(self.manager).unlink()

    def test_portal_user_reads_nothing(self):
        for model in ("crm.competitor", "crm.competitor.quote", "crm.competitor.winloss.report"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal_user).search([])

    def test_other_company_competitor_hidden(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        theirs = self.env["crm.competitor"].create({"name": "Only there", "company_id": other.id})
        user = new_test_user(
            self.env, login="crm_competitor_one_company", groups="sales_team.group_sale_manager"
        )
        self.assertFalse(
            self.env["crm.competitor"].with_user(user).search([("id", "=", theirs.id)])
        )
        with self.assertRaises(AccessError):
            theirs.with_user(user).read(["name"])

    def test_other_company_quotes_and_analysis_hidden(self):
        other = self.env["res.company"].create({"name": "Competitor Other Company"})
        seller = new_test_user(
            self.env,
            login="crm_competitor_two_companies",
            groups="sales_team.group_sale_salesman",
            company_ids=[(6, 0, (self.company | other).ids)],
        )
        order = (
            self.env["sale.order"]
            .with_company(other)
            .create(
                {
                    "company_id": other.id,
                    "partner_id": self.customer.id,
                    "user_id": seller.id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 100})],
                    "competitor_quote_ids": [
                        (0, 0, {"competitor_id": self.boyuan.id, "price": 90})
                    ],
                }
            )
        )
        manager_here = new_test_user(
            self.env, login="crm_competitor_manager_here", groups="sales_team.group_sale_manager"
        )
        for model in ("crm.competitor.quote", "crm.competitor.winloss.report"):
            self.assertFalse(
                self.env[model].with_user(manager_here).search([("order_id", "=", order.id)]),
                model,
            )
            # the seller sees them once the other company is among the active ones
            seen = (
                self.env[model]
                .with_user(seller)
                .with_context(allowed_company_ids=(other | self.company).ids)
                .search([("order_id", "=", order.id)])
            )
            self.assertTrue(seen, model)
