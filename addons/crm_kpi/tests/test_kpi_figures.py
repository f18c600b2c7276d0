"""Figures a company can trust: every employee reached by the daily job, the company's own
records only, periods cut in the employee's time zone, no score for no data."""

from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_customer_core.tests.scheduler import run_like_the_scheduler
from odoo.addons.crm_kpi.models import crm_kpi_period

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiFigures(KpiCase):
    def test_daily_job_reaches_every_employee_through_repeated_scheduler_calls(self):
        """A chunk of 2 employees a call, the scheduler calling again while work remains:
        every employee of the plan gets a measured scorecard, each once; a second run the
        same day does nothing."""
        cron = self.env.ref("crm_kpi.ir_cron_compute_scorecards")
        self._sell(self.alice, 600, when=datetime(2024, 10, 15, 10, 0))
        company_employees = self.env["hr.employee"].search([("company_id", "=", self.company.id)])
        covered = self.env["crm.kpi.plan"]._plan_of_employees(
            company_employees, "month", self.company
        )
        ours = self.boss | self.east_manager | self.alice | self.bob | self.nobody
        self.assertLessEqual(ours, self.env["hr.employee"].browse([e.id for e in covered]))
        Scorecard = type(self.env["crm.kpi.scorecard"])
        measured = []
        original = Scorecard._measure

        def counting_measure(cards, period):
            measured.extend(cards.employee_id.ids)
            return original(cards, period)

        def run_daily_job(env):
            env["crm.kpi.period"]._cron_compute()

        with (
            freeze_time("2024-10-20 08:00"),
            patch.object(crm_kpi_period, "CRON_CHUNK", 2),
            patch.object(crm_kpi_period, "BATCH_SIZE", 1),
            patch.object(Scorecard, "_measure", counting_measure),
        ):
            calls = run_like_the_scheduler(cron, run_daily_job)
            self.assertGreaterEqual(calls, 3, f"{len(covered)} employees in chunks of 2")
            self.assertEqual(sorted(measured), sorted(e.id for e in covered), "each once")
            cards = self.env["crm.kpi.scorecard"].search([("period_id", "=", self.period.id)])
            self.assertEqual(len(cards), len(covered))
            self.assertEqual(self.card(self.alice).line_ids[:1].actual, 600)
            measured.clear()
            self.assertEqual(run_like_the_scheduler(cron, run_daily_job), 1)
            self.assertFalse(measured, "nothing twice on a second run the same day")

    def test_a_scorecard_counts_its_own_company_only(self):
        """Alice sells for two companies: each company's scorecard has its own orders."""
        other = self.env["res.company"].create({"name": "KPI Sister Co."})
        self.alice.user_id.company_ids |= other
        self._sell(self.alice, 700)
        sister_order = (
            self.env["sale.order"]
            .with_company(other)
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.alice.user_id.id,
                    "company_id": other.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": 5000,
                            }
                        )
                    ],
                }
            )
        )
        sister_order.action_confirm()
        sister_order.date_order = datetime(2024, 10, 15, 10, 0)
        self.period.action_compute()
        lines = {line.item_id: line for line in self.card(self.alice).line_ids}
        self.assertEqual(lines[self.item_amount].actual, 700)
        self.assertEqual(lines[self.item_orders].actual, 1)

    def test_periods_are_the_employees_days_in_china(self):
        """In Asia/Shanghai, an order at 01:30 on 1 November (17:30 UTC on 31 October) is
        November's; one at 03:00 on 1 October (19:00 UTC on 30 September) is October's."""
        self.alice.user_id.tz = "Asia/Shanghai"
        self._sell(self.alice, 100, when=datetime(2024, 10, 31, 17, 30))  # 1 Nov 01:30 Beijing
        self._sell(self.alice, 10, when=datetime(2024, 9, 30, 19, 0))  # 1 Oct 03:00 Beijing
        self._sell(self.bob, 100, when=datetime(2024, 10, 31, 17, 30))  # Bob works in UTC
        self.bob.user_id.tz = "UTC"
        self.period.action_compute()
        amount = {
            employee: {line.item_id: line for line in self.card(employee).line_ids}[
                self.item_amount
            ].actual
            for employee in (self.alice, self.bob)
        }
        self.assertEqual(amount, {self.alice: 10, self.bob: 100})

    def test_lower_is_better_without_data_scores_nothing_and_says_why(self):
        item = self.env["crm.kpi.item"].create(
            {
                "name": "Orders to fewer",
                "category_id": self.env.ref("crm_kpi.category_service").id,
                "definition_id": self.env.ref("crm_kpi.definition_orders").id,
                "scoring_rule": "linear",
                "direction": "lower",
                "target": 4,
            }
        )
        self.plan.line_ids.filtered(lambda line: line.item_id == self.item_orders).item_id = item
        self._sell(self.bob, 100)
        self.period.action_compute()
        alice = {line.item_id: line for line in self.card(self.alice).line_ids}[item]
        bob = {line.item_id: line for line in self.card(self.bob).line_ids}[item]
        self.assertEqual((alice.score, alice.reason), (0, "no_data"), "not the cap of 120")
        self.assertEqual((bob.score, bob.reason), (120, False), "1 order against 4: capped")
        labels = dict(
            alice.with_context(lang="en_US")._fields["reason"]._description_selection(self.env)
        )
        self.assertIn("No data", labels["no_data"])

    def test_a_locked_scorecard_never_changes_by_any_path(self):
        self.period.action_compute()
        card = self.card(self.alice)
        card.sudo().write({"state": "locked"})
        line = card.line_ids[:1]
        Line = self.env["crm.kpi.scorecard.line"]
        with self.assertRaises(UserError):
            Line.create({"scorecard_id": card.id, "item_id": self.item_orders.id, "weight": 10})
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaises(UserError):
            line.write({"weight": 99})
        with self.assertRaises(UserError):
            self.card(self.bob).line_ids[:1].write({"scorecard_id": card.id})
        self.assertEqual(len(card.line_ids), 3)

    def test_buttons_return_something_for_xmlrpc(self):
        self.period.action_compute()
        card = self.card(self.alice).with_user(self.east_manager.user_id)
        self.assertIs(card.action_submit(), True)
        self.assertIs(card.with_user(self.boss.user_id).action_approve(), True)
        self.assertIs(card.with_user(self.boss.user_id).action_reset_draft(), True)

    def test_kpi_managers_define_metrics_over_what_they_may_read(self):
        action = self.env.ref("crm_kpi.gamification_goal_definition_action_kpi")
        context = dict(safe_eval(action.context), lang="en_US")
        self.kpi_manager.groups_id |= self.env.ref("sales_team.group_sale_salesman")
        Definition = self.env["gamification.goal.definition"].with_user(self.kpi_manager)
        form = Form(Definition.with_context(**context))
        form.name = "KPI: quotations"
        form.model_id = self.env.ref("sale.model_sale_order")
        form.field_date_id = self.env.ref("sale.field_sale_order__date_order")
        form.batch_distinctive_field = self.env.ref("sale.field_sale_order__user_id")
        metric = form.save()
        self.assertTrue(metric.kpi_metric)
        self.assertIn(metric, Definition.search(safe_eval(action.domain)))
        # Odoo's own gamification definitions are not KPI metrics, nor theirs to change
        timezone = self.env.ref("gamification.definition_base_timezone")
        self.assertNotIn(timezone, Definition.search(safe_eval(action.domain)))
        with self.assertRaises(AccessError):
            timezone.with_user(self.kpi_manager).write({"name": "Mine now"})
        # a model they may not read is no metric of theirs: it would be read as superuser
        with self.assertRaisesRegex(ValidationError, "may not read"):
            Definition.with_context(**context).create(
                {
                    "name": "KPI: settings changed",
                    "model_id": self.env.ref("base.model_ir_config_parameter").id,
                    "field_date_id": self.env.ref("base.field_ir_config_parameter__create_date").id,
                    "batch_distinctive_field": self.env.ref(
                        "base.field_ir_config_parameter__create_uid"
                    ).id,
                }
            )

    def test_a_cancelled_first_order_wins_nobody(self):
        """The customer's first confirmed order is cancelled: their next confirmed order is
        the one that won them, and counts in its month."""
        customer = self.env["res.partner"].create({"name": "Changed their mind"})
        first = self._sell(self.alice, 100, customer=customer)
        self.assertTrue(first.kpi_first_order)
        first._action_cancel()
        self.assertFalse(first.kpi_first_order)
        second = self._sell(self.bob, 200, customer=customer)
        self.assertTrue(second.kpi_first_order)
        item = self.env.ref("crm_kpi.item_new_customers")
        users = self.alice.user_id | self.bob.user_id
        won = item._kpi_measure(date(2024, 10, 1), date(2024, 10, 31), users)
        self.assertEqual(won, {self.bob.user_id.id: 1})

    def test_workflow_where_users_meet_it(self):
        """Compute says what it did; the list submits, approves and locks many at once; a
        threshold item shows its bands, a manual one its range, not "target 0.00"."""
        result = self.period.with_user(self.kpi_manager).action_compute()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(self.period.name, result["params"]["message"])
        cards = self.card(self.alice) | self.card(self.bob)
        boss = self.boss.user_id
        self.assertIs(cards.with_user(boss).action_submit(), True)
        self.assertIs(cards.with_user(boss).action_approve(), True)
        with self.assertRaises(AccessError):
            cards.with_user(boss).action_lock()
        self.assertIs(cards.with_user(self.kpi_manager).action_lock(), True)
        self.assertEqual(set(cards.mapped("state")), {"locked"})
        arch = self.env["crm.kpi.scorecard"].get_view(view_type="list")["arch"]
        self.assertIn('name="action_lock"', arch)
        self.assertNotIn('sample="1"', arch)
        self.assertEqual(self.item_teamwork.target_display, "Manager's score 0-10")
        bands = self.env.ref("crm_kpi.item_new_customers")
        self.assertNotIn("0.00", bands.target_display)
        self.assertIn("≥", bands.target_display)
        line = self.card(self.alice).line_ids.filtered(lambda ln: ln.item_id == self.item_amount)
        self.assertEqual(line.item_target_display, "1,000.00")
        # scores show their scale wherever they are shown
        for model in ("crm.kpi.scorecard", "crm.kpi.scorecard.line"):
            fields_info = self.env[model].fields_get(["total_score", "score"], ["string"])
            for info in fields_info.values():
                self.assertIn("of 100", info["string"])

    def test_creating_a_period_that_exists_says_so_and_a_typed_name_is_kept(self):
        Period = self.env["crm.kpi.period"].with_user(self.kpi_manager)
        # assertRaises (not ...Regex): Odoo's rolls the refused create back to a savepoint
        with self.assertRaises(RedirectWarning) as refused:
            Period.create(
                {
                    "period_type": "month",
                    "date_from": date(2024, 10, 1),
                    "date_to": date(2024, 10, 31),
                }
            )
        self.assertIn("exists already", refused.exception.args[0])
        action = refused.exception.args[1]  # the button of the message opens it
        self.assertEqual((action["res_model"], action["res_id"]), (Period._name, self.period.id))
        form = Form(Period)
        form.date_from = date(2024, 10, 1)
        form.date_to = date(2024, 10, 31)
        self.assertEqual(form.existing_period_id, self.period, "the form says so at once")
        form = Form(Period)
        form.name = "Year-end push"
        form.date_from = date(2024, 11, 1)
        form.date_to = date(2024, 11, 30)
        self.assertEqual(form.save().name, "Year-end push")
        form = Form(Period)
        form.date_from = date(2024, 12, 1)
        form.date_to = date(2024, 12, 31)
        self.assertEqual(form.save().name, "2024-12", "named from its dates when not typed")

    def test_plan_weights_add_up_whichever_way_the_lines_change(self):
        """Over XML-RPC on the lines themselves: refused when the transaction ends; the form,
        which updates its lines one by one, still saves a plan that adds up."""
        Line = self.env["crm.kpi.plan.line"].with_user(self.kpi_manager)
        followups = self.env.ref("crm_kpi.item_followups")
        Line.create({"plan_id": self.plan.id, "item_id": followups.id, "weight": 10})
        with self.assertRaisesRegex(ValidationError, "add up to 110"):
            self.env.flush_all()
            self.env.cr.precommit.run()
        self.env.cr.precommit.clear()
        self.env.cr.precommit.data.clear()
        self.plan.line_ids.filtered(lambda line: line.item_id == followups).unlink()
        self.plan.line_ids[:1].with_user(self.kpi_manager).write({"weight": 5})
        with self.assertRaisesRegex(ValidationError, "add up to"):
            self.env.cr.precommit.run()
        self.env.cr.precommit.clear()
        self.env.cr.precommit.data.clear()
        with Form(self.plan.with_user(self.kpi_manager)) as form:
            with form.line_ids.edit(0) as line:
                line.weight = 40
            with form.line_ids.edit(1) as line:
                line.weight = 40
        self.env.cr.precommit.run()  # 40 + 40 + 20
        self.assertEqual(sum(self.plan.line_ids.mapped("weight")), 100)
