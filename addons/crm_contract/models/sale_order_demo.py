from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _crm_contract_demo_execute(self, order_ids):
        """Carry the demo contracts through real invoices and payments: one collecting after
        its acceptance, one paid in full and expiring, one overdue, one quotation."""
        project, license_, overdue, quotation = self.browse(order_ids)
        if project.state != "draft":
            return  # carried through already (an update reloads the demo data)
        today = fields.Date.context_today(self)
        for order in (project, license_, overdue, quotation):
            if order.contract_plan_template_id and not order.contract_milestone_ids:
                order.action_contract_apply_plan()
        (project | license_ | overdue).action_confirm()
        project.contract_sign_date = today - relativedelta(months=4)
        license_.contract_sign_date = today - relativedelta(months=11)
        overdue.contract_sign_date = today - relativedelta(months=5)
        for order in project | overdue:
            order.order_line.qty_delivered = 1
        project.action_contract_accept()
        overdue.write(
            {
                "contract_acceptance_state": "accepted",
                "contract_acceptance_date": today - relativedelta(days=75),
            }
        )
        # invoices and payments need the company's chart of accounts: a database whose
        # company has none yet (a demo company set up by hand) gets the contracts unpaid
        if self.env["account.journal"].search_count(
            [("type", "=", "sale"), ("company_id", "=", project.company_id.id)], limit=1
        ):
            self._crm_contract_demo_pay(project.contract_milestone_ids[:1], full=True)
            self._crm_contract_demo_pay(license_.contract_milestone_ids, full=True)
            self._crm_contract_demo_pay(overdue.contract_milestone_ids[:1], full=True)
            self._crm_contract_demo_pay(overdue.contract_milestone_ids[1:2], full=False)
        self.env["crm.contract.milestone"]._refresh_time_dependent_states()

    @api.model
    def _crm_contract_demo_pay(self, milestones, full):
        for milestone in milestones:
            milestone.action_create_invoice()
            invoice = milestone.invoice_ids[-1]
            invoice.action_post()
            amount = invoice.amount_total if full else invoice.amount_total / 3
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"amount": amount})._create_payments()
