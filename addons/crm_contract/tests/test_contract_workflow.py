import io
from datetime import date

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_customer_core.tests.common import url_open_read_only

from .common import ContractCase


@tagged("post_install", "-at_install")
class TestContractWorkflow(ContractCase):
    def test_acceptance_rejected_with_a_reason_then_accepted(self):
        order = self._contract()
        action = order.with_user(self.salesman).action_contract_reject()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.salesman).with_context(**action["context"])
        )
        wizard.reason = "Reports are missing"
        wizard.save().action_confirm()
        self.assertEqual(order.contract_acceptance_state, "rejected")
        self.assertIn("Reports are missing", order.message_ids[0].body)
        self.assertFalse(order.contract_milestone_ids[1].date_due)
        order.with_user(self.salesman).action_contract_accept()
        self.assertEqual(order.contract_acceptance_state, "accepted")
        self.assertTrue(order.contract_milestone_ids[1].date_due)

    def test_expiring_contracts_are_flagged(self):
        with freeze_time("2026-06-01 02:00"):
            soon = self._contract()
            later = self._contract()
            soon.contract_end = "2026-06-20"
            later.contract_end = "2026-09-01"
            Order = self.env["sale.order"]
            self.assertTrue(soon.contract_expiring)
            self.assertFalse(later.contract_expiring)
            found = Order.search(
                [("contract_expiring", "=", True), ("id", "in", (soon | later).ids)]
            )
            self.assertEqual(found, soon)

    def test_collection_forecast_shows_what_is_ahead(self):
        with freeze_time("2026-06-01 02:00"):
            order = self._contract(plan=self.env.ref("crm_contract.plan_template_full"))
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "crm_contract.crm_contract_receivable_report_action_forecast"
            )
            # the web client evaluates the domain with the user's today
            domain = safe_eval(action["domain"], {"context_today": lambda: date(2026, 6, 1)})
            rows = self.env["crm.contract.receivable.report"].search(
                domain + [("order_id", "=", order.id)]
            )
            self.assertEqual(sum(rows.mapped("amount_outstanding")), 1000.0)

    def test_bad_settings_and_terms_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"contract_approval_discount": 120})
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"contract_reminder_days": -1})
        order = self._contract(confirm=False)
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            order.write({"contract_start": "2026-05-01", "contract_end": "2026-04-01"})
        with self.assertRaisesRegex(ValidationError, "add up to 90"):
            self.env["crm.contract.plan.template"].create(
                {
                    "name": "Short",
                    "line_ids": [
                        Command.create({"name": "Half", "percentage": 50, "trigger": "signing"}),
                        Command.create({"name": "Less", "percentage": 40, "trigger": "delivery"}),
                    ],
                }
            )


@tagged("post_install", "-at_install")
class TestContractExport(HttpCase, ContractCase):
    def test_receivables_xlsx_for_the_users_own_contracts(self):
        mine = self._contract()
        theirs = self._contract(customer=self.customer_2, user=self.salesman_2)
        self.authenticate("ct_sales_1", "ct_sales_1")
        response = url_open_read_only(self, "/crm_contract/receivables.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        contracts = {row[0].value for row in sheet.iter_rows(min_row=3)}
        self.assertIn(mine.contract_number, contracts)
        self.assertNotIn(theirs.contract_number, contracts)
