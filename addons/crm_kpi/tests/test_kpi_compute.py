from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiCompute(KpiCase):
    def test_scores_baseline_and_reasons(self):
        self._sell(self.alice, 600)
        self._sell(self.alice, 600)
        self._sell(self.bob, 300)
        self._sell(self.bob, 5000, when=datetime(2024, 9, 30, 10, 0))  # another period
        self.period.action_compute()
        alice, bob, nobody = self.card(self.alice), self.card(self.bob), self.card(self.nobody)
        self.assertFalse(self.card(self.carol), "Support has no plan")
        self.assertEqual(
            (alice.department_id, alice.plan_id),
            (self.east, self.plan),
            "the parent department's plan",
        )
        lines = {line.item_id: line for line in alice.line_ids}
        self.assertEqual(lines[self.item_amount].actual, 1200)
        self.assertEqual(lines[self.item_amount].score, 120, "capped at 120")
        self.assertEqual(lines[self.item_orders].score, 50)
        # 120 * 0.5 + 50 * 0.3 + 0 (not scored yet) = 75
        self.assertAlmostEqual(alice.total_score, 75)
        self.assertAlmostEqual(alice.baseline_score, 60)
        self.assertAlmostEqual(alice.vs_baseline, 15)
        self.assertAlmostEqual(
            {line.item_id: line for line in bob.line_ids}[self.item_amount].actual, 300
        )
        self.assertEqual(nobody.total_score, 0)
        reasons = nobody.line_ids.filtered(lambda line: line.scoring_rule != "manual").mapped(
            "reason"
        )
        self.assertEqual(set(reasons), {"no_user"})

    def test_one_query_per_item_and_period_whatever_the_employees(self):
        queries_log = []

        def metric_queries(employees_count):
            department = self.env["hr.department"].create({"name": f"Dept {employees_count}"})
            lines = [
                Command.create({"item_id": self.item_amount.id, "weight": 60}),
                Command.create({"item_id": self.item_orders.id, "weight": 40}),
            ]
            name = f"Plan {employees_count}"
            self.plan.copy({"department_id": department.id, "name": name, "line_ids": lines})
            period = self.env["crm.kpi.period"].create(
                {
                    "period_type": "month",
                    "date_from": date(2025, employees_count, 1),
                    "date_to": date(2025, employees_count, 28),
                }
            )
            users = self.env["res.users"].create(
                [
                    {"name": f"U{employees_count}-{i}", "login": f"u{employees_count}_{i}"}
                    for i in range(employees_count)
                ]
            )
            employees = self.env["hr.employee"].create(
                [
                    {"name": user.name, "department_id": department.id, "user_id": user.id}
                    for user in users
                ]
            )
            self.env.flush_all()  # the new employees' avatars are not ours to count
            queries = []
            execute = self.env.cr.execute

            def logged(query, params=None, log_exceptions=True):
                queries.append(str(query))
                return execute(query, params, log_exceptions)

            with patch.object(self.env.cr, "execute", logged):
                period._compute_scorecards(employees)
                self.env.flush_all()
            queries_log[:] = [q[:100] for q in queries]
            return [q for q in queries if '"sale_order"' in q and "GROUP BY" in q], len(queries)

        small_metric, small_total = metric_queries(2)
        big_metric, big_total = metric_queries(9)
        self.assertEqual(len(small_metric), 2, "one grouped query per computed item")
        self.assertEqual(len(big_metric), 2)
        self.assertEqual(
            small_total, big_total, "no query per employee:\n" + "\n".join(queries_log)
        )

    def test_rerun_updates_drafts_in_place_and_keeps_the_others(self):
        self.period.action_compute()
        alice, bob = self.card(self.alice), self.card(self.bob)
        bob.with_user(self.east_manager.user_id).action_submit()
        self._sell(self.alice, 500)
        self._sell(self.bob, 500)
        self.period.action_compute()
        self.assertEqual(self.card(self.alice), alice)
        self.assertEqual(len(alice.line_ids), 3)
        self.assertEqual(
            {line.item_id: line for line in alice.line_ids}[self.item_amount].actual, 500
        )
        self.assertEqual(
            {line.item_id: line for line in bob.line_ids}[self.item_amount].actual,
            0,
            "submitted: frozen",
        )

    def test_bands_and_lower_is_better(self):
        item = self.env["crm.kpi.item"].create(
            {
                "name": "Response hours",
                "category_id": self.env.ref("crm_kpi.category_service").id,
                "definition_id": self.env.ref("crm_kpi.definition_orders").id,
                "scoring_rule": "bands",
                "direction": "lower",
                "band_ids": [
                    Command.create({"threshold": 2, "score": 100}),
                    Command.create({"threshold": 8, "score": 60}),
                ],
            }
        )
        self.assertEqual([item._kpi_score(v) for v in (1, 2, 5, 9)], [100, 100, 60, 0])
        item.write({"scoring_rule": "linear", "target": 4})
        self.assertEqual([item._kpi_score(v) for v in (2, 4, 8, 0)], [120, 100, 50, 120])
        item.direction = "higher"
        self.assertEqual(item._kpi_score(2), 50)

    def test_plan_weights_must_add_up_to_100(self):
        plan = Form(self.env["crm.kpi.plan"].with_user(self.kpi_manager))
        plan.name = "Wrong weights"
        plan.department_id = self.support
        with plan.line_ids.new() as line:
            line.item_id = self.item_amount
            line.weight = 70
        with self.assertRaisesRegex(ValidationError, "add up to 100"), self.env.cr.savepoint():
            plan.save()
        self.assertFalse(self.env["crm.kpi.plan"].search([("name", "=", "Wrong weights")]))

    def test_metric_that_cannot_be_measured(self):
        definition = self.env["gamification.goal.definition"].create(
            {
                "name": "Not per user",
                "computation_mode": "count",
                "model_id": self.env.ref("sale.model_sale_order").id,
                "field_date_id": self.env.ref("sale.field_sale_order__date_order").id,
                "domain": "[]",
            }
        )
        values = {
            "name": "Broken",
            "category_id": self.env.ref("crm_kpi.category_sales").id,
            "definition_id": definition.id,
            "target": 1,
        }
        with self.assertRaisesRegex(ValidationError, "batch mode"):
            self.env["crm.kpi.item"].create(values)
        definition.write(
            {
                "batch_mode": True,
                "batch_distinctive_field": self.env.ref("sale.field_sale_order__user_id").id,
            }
        )
        item = self.env["crm.kpi.item"].create(values)
        # a domain naming a missing field: refused where it is written (gamification) and
        # where it is used (the item)
        with self.assertRaises(UserError):
            definition.domain = "[('no_such_field', '=', 1)]"
        self.env.cr.execute(
            "UPDATE gamification_goal_definition SET domain = %s WHERE id = %s",
            ("[('no_such_field', '=', 1)]", definition.id),
        )
        definition.invalidate_recordset(["domain"])
        with self.assertRaisesRegex(ValidationError, "domain is not valid"):
            item.target = 2
        with self.assertRaisesRegex(ValidationError, "domain is not valid"):
            item._kpi_measure(date(2026, 1, 1), date(2026, 1, 31), self.alice.user_id)

    def test_period_overlapping_a_locked_one(self):
        self.period.state = "locked"
        with self.assertRaisesRegex(ValidationError, "locked period"):
            self.env["crm.kpi.period"].create(
                {
                    "period_type": "month",
                    "date_from": date(2024, 10, 15),
                    "date_to": date(2024, 11, 14),
                }
            )
        with self.assertRaises(UserError):
            self.period.action_compute()

    def test_new_customers_and_contacts_on_time(self):
        first = self._sell(
            self.alice, 100, customer=self.env["res.partner"].create({"name": "New one"})
        )
        again = self._sell(self.alice, 100, customer=first.partner_id)
        self.assertTrue(first.kpi_first_order)
        self.assertFalse(again.kpi_first_order)
        customer = (
            self.env["res.partner"]
            .with_context(crm_customer_file=True)
            .create(
                {
                    "name": "Cycle customer",
                    "user_id": self.alice.user_id.id,
                    "customer_contact_interval": 30,
                }
            )
        )
        Followup = self.env["crm.customer.followup"]
        on_time = Followup.create(
            {"partner_id": customer.id, "summary": "Called", "user_id": self.alice.user_id.id}
        )
        self.assertTrue(on_time.kpi_on_time)
        customer.customer_contact_interval = 1
        late = Followup.create(
            {"partner_id": customer.id, "summary": "Late call", "user_id": self.alice.user_id.id,
             "date": datetime(2030, 1, 1)}
        )  # fmt: skip
        self.assertFalse(late.kpi_on_time)
