from datetime import date

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContractCase


@tagged("post_install", "-at_install")
class TestContractReceivables(ContractCase):
    def test_invoice_pay_and_refund_a_milestone(self):
        """Invoiced and received come from the posted invoice and its reconciled payments,
        through Odoo's own payment wizard; a credit note counts against both."""
        order = self._contract()
        signing = order.contract_milestone_ids[0]
        self.assertEqual(signing.state, "due")
        invoice = self._invoice(signing)
        self.assertEqual(invoice.amount_total, 300.0)
        self.assertIn(invoice, order.invoice_ids)
        self.assertEqual((signing.amount_invoiced, signing.amount_received), (300.0, 0.0))
        self.assertEqual(signing.state, "invoiced")
        self._pay(invoice, 100.0)
        self.assertEqual((signing.amount_received, signing.amount_outstanding), (100.0, 200.0))
        self.assertEqual(signing.state, "partial")
        self._pay(invoice)
        self.assertEqual(signing.state, "paid")
        self.assertEqual(order.contract_amount_received, 300.0)
        # the customer is refunded 50: a credit note paid back
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "discount", "journal_id": invoice.journal_id.id})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_line_ids.price_unit = 50.0
        refund.action_post()
        self.assertIn(refund, signing.invoice_ids)
        self.assertEqual(signing.amount_invoiced, 250.0)
        self._pay(refund)
        self.assertEqual(signing.amount_received, 250.0)
        # money received, on the day it came in: the refund paid back counts negative
        receipts = self.env["crm.contract.receipt"].with_user(self.salesman)
        rows = receipts.search([("milestone_id", "=", signing.id)])
        self.assertEqual(sorted(rows.mapped("amount")), [-50.0, 100.0, 200.0])
        self.assertFalse(
            self.env["crm.contract.receipt"]
            .with_user(self.salesman_2)
            .search([("milestone_id", "=", signing.id)]),
            "another salesperson's money is not seen",
        )

    def test_bank_statement_reconciliation_updates_the_milestone(self):
        order = self._contract()
        signing = order.contract_milestone_ids[0]
        invoice = self._invoice(signing)
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1
        )
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": journal.id,
                "date": fields.Date.today(),
                "payment_ref": invoice.name,
                "partner_id": self.customer.id,
                "amount": 300.0,
            }
        )
        # what the reconciliation screen does: the suspense line becomes the counterpart of
        # the invoice's receivable, then both are reconciled
        receivable = invoice.line_ids.filtered(
            lambda ln: ln.account_id.account_type == "asset_receivable"
        )
        suspense = line.move_id.line_ids.filtered(
            lambda ln: ln.account_id == journal.suspense_account_id
        )
        suspense.account_id = receivable.account_id
        (suspense | receivable).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(signing.amount_received, 300.0)
        self.assertEqual(signing.state, "paid")

    def test_overdue_as_the_days_pass(self):
        with freeze_time("2026-05-01 02:00"):
            order = self._contract()
            signing = order.contract_milestone_ids[0]
            self._invoice(signing)
        with freeze_time("2026-05-20 02:00"):
            self.env["crm.contract.milestone"]._refresh_time_dependent_states()
            self.assertEqual(signing.state, "overdue")
            self.assertEqual(signing.days_overdue, 19)
            self.assertEqual(order.contract_status, "overdue")
            self.assertEqual(order.contract_amount_overdue, 300.0)

    def test_what_is_invoiced_no_longer_changes(self):
        order = self._contract()
        signing = order.contract_milestone_ids[0]
        self._invoice(signing)
        with self.assertRaisesRegex(UserError, "invoiced already"):
            signing.percentage = 20
        with self.assertRaisesRegex(UserError, "invoiced already"):
            signing.unlink()
        signing.name = "Advance (renamed)"
        with self.assertRaisesRegex(UserError, "its total no longer changes"):
            order.order_line.price_unit = 2000
        with self.assertRaisesRegex(UserError, "its total no longer changes"):
            order.write(
                {
                    "order_line": [
                        Command.create({"product_id": self.product.id, "price_unit": 10.0})
                    ]
                }
            )

    def test_cancelling_a_contract(self):
        paid = self._contract()
        self._pay(self._invoice(paid.contract_milestone_ids[0]))
        with self.assertRaisesRegex(UserError, "has received money"):
            paid._action_cancel()
        self.assertEqual(paid.state, "sale")
        unpaid = self._contract()
        invoice = self._invoice(unpaid.contract_milestone_ids[0], post=False)
        unpaid._action_cancel()
        self.assertEqual(unpaid.state, "cancel")
        self.assertEqual(set(unpaid.contract_milestone_ids.mapped("state")), {"cancelled"})
        self.assertEqual(invoice.state, "cancel", "Odoo cancels the draft invoice with the order")

    def test_registering_a_payment_updates_milestones_in_constant_queries(self):
        """The queries on the milestones and contracts a payment costs do not grow with the
        contracts open: Odoo's own payment numbering may read one more row back as payments
        pile up, which is Odoo's and not counted here."""

        def pay_one(count):
            orders = [self._contract() for _i in range(count)]
            invoices = [self._invoice(order.contract_milestone_ids[0]) for order in orders]
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
                self._pay(invoices[0])
                self.env.flush_all()
            self.assertEqual(orders[0].contract_milestone_ids[0].state, "paid")
            ours = [
                line
                for line in logs.output
                if "crm_contract_milestone" in line or 'UPDATE "sale_order"' in line
            ]
            return len(ours)

        pay_one(1)
        self.assertEqual(pay_one(3), pay_one(6), "the other contracts cost nothing")

    def test_received_analysis_and_ageing(self):
        with freeze_time("2026-01-10 02:00"):
            order = self._contract()
            self._pay(self._invoice(order.contract_milestone_ids[0]), 100.0)
        with freeze_time("2026-03-01 02:00"):
            self.env["crm.contract.milestone"]._refresh_time_dependent_states()
            Report = self.env["crm.contract.receivable.report"].with_user(self.salesman)
            rows = Report._read_group(
                [("order_id", "=", order.id), ("state", "=", "overdue")],
                ["ageing"],
                ["amount_planned:sum", "amount_received:sum", "amount_overdue:sum"],
            )
            self.assertEqual(rows, [("31_60", 300.0, 100.0, 200.0)])
            # by product: the milestone spread over the contract's lines by their share
            by_product = (
                self.env["crm.contract.receivable.product.report"]
                .with_user(self.salesman)
                ._read_group([("order_id", "=", order.id)], ["product_id"], ["amount_planned:sum"])
            )
            self.assertEqual(by_product, [(self.product, 1000.0)])
            self.assertFalse(
                self.env["crm.contract.receivable.product.report"]
                .with_user(self.salesman_2)
                .search([("order_id", "=", order.id)])
            )
            summary = dict(self.customer.with_user(self.salesman)._get_customer_360_summary())
            self.assertIn("200.00", summary["Overdue receivables"])
            self.assertEqual(summary["Contracts"], 1)
        self.assertEqual(order.contract_milestone_ids[0].date_due, date(2026, 1, 10))
