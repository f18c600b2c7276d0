from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CompetitorCase


@tagged("post_install", "-at_install")
class TestCompetitor(CompetitorCase):
    def test_quoted_prices_against_ours(self):
        order = self._quotation(
            lines=((None, 1000.0), (self.product_2, 200.0)),
            quotes=((self.boyuan, 900.0, None), (self.tianqi, 260.0, self.product_2)),
        )
        whole, training = order.competitor_quote_ids.sorted("id")
        self.assertEqual((whole.our_price, whole.price_gap), (1200.0, -300.0))
        self.assertEqual((training.our_price, training.price_gap), (200.0, 60.0))
        order.order_line.filtered(lambda line: line.product_id == self.product_2).price_unit = 250
        self.assertEqual((training.our_price, training.price_gap), (250.0, 10.0))
        self.assertEqual(whole.price_gap, -350.0)

    def test_mark_lost_through_the_wizard_form(self):
        order = self._quotation(user=self.salesman, quotes=((self.boyuan, 900.0, None),))
        self.flush_tracking()
        action = order.with_user(self.salesman).action_mark_lost()
        form = Form(
            self.env["crm.quotation.lost"]
            .with_user(self.salesman)
            .with_context(**action["context"], tracking_disable=False, mail_notrack=False)
        )
        form.lost_reason_id = self.reason_competitor
        form.won_competitor_id = self.tianqi
        form.won_price = 800.0
        wizard = form.save()
        self.assertTrue(wizard.action_confirm())
        self.assertEqual(order.state, "cancel")
        self.assertTrue(order.is_lost)
        self.assertEqual(order.lost_reason_id, self.reason_competitor)
        self.assertEqual(order.won_competitor_id, self.tianqi)
        self.assertTrue(order.lost_date)
        winner = order.competitor_quote_ids.filtered(lambda q: q.competitor_id == self.tianqi)
        self.assertEqual(winner.price, 800.0, "the winner's price is kept on the quotation")
        self.flush_tracking()
        tracked = order.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("lost_reason_id", tracked)
        self.assertIn("won_competitor_id", tracked)

    def test_lost_needs_a_reason_and_the_winner(self):
        order = self._quotation()
        with self.assertRaises(UserError):
            self._mark_lost(order)
        self.assertEqual(order.state, "draft", "nothing written")
        with self.assertRaises(UserError):
            self._mark_lost(order, reason=self.reason_competitor)
        self.assertFalse(order.is_lost)
        # not required when the company says so
        self.company.quotation_lost_reason_required = False
        self._mark_lost(order)
        self.assertTrue(order.is_lost)

    def test_plain_writes_keep_the_rules(self):
        order = self._quotation()
        with self.assertRaises(ValidationError):
            order.write({"is_lost": True, "lost_reason_id": self.reason_price.id})
        order.with_context(disable_cancel_warning=True).action_cancel()
        with self.assertRaises(ValidationError):
            order.write({"is_lost": True})
        with self.assertRaises(ValidationError):
            order.write({"won_competitor_id": self.boyuan.id})
        order.write(
            {
                "is_lost": True,
                "lost_reason_id": self.reason_price.id,
                "won_competitor_id": self.boyuan.id,
            }
        )
        self.assertIn(
            self.boyuan,
            order.competitor_quote_ids.competitor_id,
            "the winner counts in the analysis even when written directly",
        )

    def test_only_quotations_are_lost(self):
        order = self._quotation()
        order.action_confirm()
        with self.assertRaises(UserError):
            order.action_mark_lost()

    def test_lost_deal_keeps_its_competitors_until_reopened(self):
        order = self._quotation(quotes=((self.boyuan, 900.0, None),))
        self._mark_lost(order, reason=self.reason_price)
        quote = order.competitor_quote_ids
        with self.assertRaises(UserError):
            quote.price = 100.0
        with self.assertRaises(UserError):
            quote.unlink()
        with self.assertRaises(UserError):
            self.env["crm.competitor.quote"].create(
                {"order_id": order.id, "competitor_id": self.tianqi.id}
            )
        self.assertTrue(order.action_draft())
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.is_lost or order.lost_reason_id or order.won_competitor_id)
        quote.price = 100.0

    def test_quoted_competitor_is_archived_not_deleted(self):
        self._quotation(quotes=((self.boyuan, 900.0, None),))
        with self.assertRaises(UserError):
            self.boyuan.unlink()
        self.assertTrue(self.boyuan.exists())
        self.boyuan.action_archive()
        self.assertFalse(self.boyuan.active)
        self.tianqi.unlink()
        self.assertFalse(self.tianqi.exists())

    def test_customer_names_the_competitors_it_uses(self):
        form = Form(
            self.env["res.partner"].with_user(self.salesman).with_context(crm_customer_file=True),
            view="base.view_partner_form",
        )
        form.name = "用竞品的客户"
        form.company_type = "company"
        form.competitor_ids.add(self.boyuan)
        customer = form.save()
        self.assertEqual(self.boyuan.customer_ids, customer)
        self.assertEqual(self.boyuan.customer_count, 1)
        action = self.boyuan.action_view_customers()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), customer)

    def test_negative_price_refused(self):
        with self.assertRaises(ValidationError):
            self._quotation(quotes=((self.boyuan, -1.0, None),))
