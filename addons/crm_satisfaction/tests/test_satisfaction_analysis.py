import importlib.util
import io
from datetime import date
from urllib.parse import unquote

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.crm_customer_core.tests.common import SALESMAN, url_open_read_only

from .common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionAnalysis(SatisfactionCase):
    def _people(self, count, team):
        users = self.env["res.users"]
        for index in range(count):
            users |= new_test_user(self.env, login=f"sat_{team.id}_{index}", groups=SALESMAN)
        self.env["crm.team.member"].create(
            [{"crm_team_id": team.id, "user_id": user.id} for user in users]
        )
        return users

    def _respond(self, user, product, team=None):
        customer = self.Partner.create(
            {"name": f"C {user.login} {product}", "email": "c@example.com", "user_id": user.id}
        )
        order = self._order(customer=customer)
        order.team_id = team or user.sale_team_id
        return self._answer(self._invite(order), product=product, delivery=product)

    def test_salesperson_vs_team_vs_company(self):
        other_team = self.env["crm.team"].create({"name": "Team West"})
        east = self._people(2, self.team)
        west = self._people(1, other_team)
        scores = {east[0]: [10, 8], east[1]: [4], west[0]: [6]}
        responses = self.env["crm.satisfaction.response"]
        for user, products in scores.items():
            for product in products:
                responses |= self._respond(user, product)
        # the period holds these responses only (demo data is dated today)
        responses.date = "2001-02-03 10:00:00"
        comparison = (
            self.env["crm.satisfaction.comparison"]
            .with_user(self.all_leads)
            .create(
                {
                    "date_from": date(2001, 1, 1),
                    "date_to": date(2001, 3, 31),
                    "satisfaction_type": "sales",
                }
            )
        )
        data = comparison._comparison_data()
        teams = {row["team"]: row for row in data["teams"]}
        east_row = teams[self.team]
        by_user = {row["user"]: row for row in east_row["salespeople"]}
        east_responses = responses.filtered(lambda r: r.team_id == self.team)
        self.assertAlmostEqual(east_row["score"], sum(east_responses.mapped("score")) / 3)
        self.assertEqual(by_user[east[0]]["count"], 2)
        self.assertAlmostEqual(
            by_user[east[0]]["vs_team"], by_user[east[0]]["score"] - east_row["score"]
        )
        self.assertAlmostEqual(data["company"]["score"], sum(responses.mapped("score")) / 4)
        product_category = self.env.ref("crm_satisfaction.category_product")
        self.assertEqual(by_user[east[1]]["by_category"][product_category.id], 40.0)
        self.assertEqual(data["company"]["by_category"][product_category.id], 70.0)
        self.assertIn("Team West", comparison.comparison_html)
        # printed: the PDF report's HTML (tests render HTML, tests/test_pdf.py renders the PDF)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_satisfaction.report_satisfaction_comparison", comparison.ids)[0]
            .decode()
        )
        self.assertIn("Company average", html)
        self.assertIn(east[0].name, html)

    def test_comparison_queries_do_not_grow_with_salespeople(self):
        def queries(count):
            team = self.env["crm.team"].create({"name": f"Team {count}"})
            for user in self._people(count, team):
                self._respond(user, 7, team)
            comparison = self.env["crm.satisfaction.comparison"].create(
                {"date_from": date(2000, 1, 1), "date_to": date(2100, 1, 1)}
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            data = comparison._comparison_data()
            names = [data["categories"].mapped("name")]
            for team_row in data["teams"]:
                names.append(team_row["team"].name)
                names.extend(person["user"].name for person in team_row["salespeople"])
            self.assertTrue(names)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(2), queries(8))

    def test_item_analysis_distribution_and_nps(self):
        responses = self.env["crm.satisfaction.response"]
        for nps in (10, 9, 7, 3):
            responses |= self._answer(self._invite(self._order()), nps=nps)
        Line = self.env["crm.satisfaction.response.line"].with_user(self.all_leads)
        mine = [("response_id", "in", responses.ids)]
        groups = dict(
            Line._read_group(
                mine + [("question_id", "=", self.q["nps"].id)], ["answer_label"], ["__count"]
            )
        )
        self.assertEqual(groups, {"10": 1, "9": 1, "7": 1, "3": 1})
        answers = [label for label, _count in Line._read_group(
            mine + [("question_id", "=", self.q["nps"].id)], ["answer_label"], ["__count"]
        )]  # fmt: skip
        self.assertEqual(answers, ["3", "7", "9", "10"], "numbers in their order, not as text")
        [[nps]] = Line._read_group(mine + [("is_nps", "=", True)], [], ["nps_points:avg"])
        self.assertEqual(nps, 25.0)  # 2 promoters, 1 detractor of 4: 50% - 25%

    def test_item_analysis_groups_the_answer_not_its_words(self):
        """ "Fast" and "快" are one answer, shown in the reader's language; choices come in the
        order the question lists them."""
        self.env["res.lang"]._activate_lang("zh_CN")
        choices = self.q["attitude"].suggested_answer_ids.sorted("sequence")
        choices[3].with_context(lang="zh_CN").value = "快"
        english = self._answer(self._invite(self._order()), attitude=4)
        chinese = self._answer(self._invite(self._order()).with_context(lang="zh_CN"), attitude=4)
        other = self._answer(self._invite(self._order()), attitude=1)
        Line = self.env["crm.satisfaction.response.line"].with_user(self.all_leads)
        domain = [
            ("response_id", "in", (english | chinese | other).ids),
            ("question_id", "=", self.q["attitude"].id),
        ]
        for lang, label in (("en_US", choices[3].value), ("zh_CN", "快")):
            groups = Line.with_context(lang=lang)._read_group(domain, ["answer_label"], ["__count"])
            self.assertEqual(
                [count for _label, count in groups], [1, 2], "the first choice first, then 2"
            )
            self.assertEqual(groups[1][0], label, f"in the reader's language ({lang})")
        line = chinese.line_ids.filtered(lambda ln: ln.question_id == self.q["attitude"])
        self.assertEqual((line.answer_id, line.answer_value), (choices[3], 4))

    def test_upgrade_gives_existing_lines_their_answer(self):
        """Lines scored before 18.0.1.2.0 had only the words the customer read: the upgrade
        reads the answer back from the survey answer."""
        self.env["res.lang"]._activate_lang("zh_CN")
        choices = self.q["attitude"].suggested_answer_ids.sorted("sequence")
        choices[1].with_context(lang="zh_CN").value = "较慢"
        response = self._answer(self._invite(self._order()), attitude=2, nps=7)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_satisfaction_response_line SET answer_id = NULL, answer_value = NULL, "
            "answer_label = jsonb_build_object('en_US', 'as read') WHERE response_id = %s",
            [response.id],
        )
        self.env.invalidate_all()
        path = file_path("crm_satisfaction/migrations/18.0.1.2.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("satisfaction_post_migrate", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.1.0")
        lines = {line.question_id: line for line in response.line_ids}
        attitude = lines[self.q["attitude"]]
        self.assertEqual((attitude.answer_id, attitude.answer_value), (choices[1], 2))
        self.assertEqual(attitude.with_context(lang="zh_CN").answer_label, "较慢")
        self.assertEqual(
            (lines[self.q["nps"]].answer_value, lines[self.q["nps"]].answer_label), (7, "as read")
        )

    def test_periods_are_the_users_days_in_china(self):
        """In Asia/Shanghai, an answer at 01:30 on 1 April (17:30 UTC on 31 March) is
        April's; one at 03:00 on 1 January (19:00 UTC on 31 December) is the first quarter's."""
        self.all_leads.tz = "Asia/Shanghai"
        user = self._people(1, self.team)[0]
        april = self._respond(user, 2)
        april.date = "2001-03-31 17:30:00"
        january = self._respond(user, 10)
        january.date = "2000-12-31 19:00:00"
        Comparison = self.env["crm.satisfaction.comparison"].with_user(self.all_leads)
        first_quarter = Comparison._compare(date(2001, 1, 1), date(2001, 3, 31), "sales")
        second_quarter = Comparison._compare(date(2001, 4, 1), date(2001, 6, 30), "sales")
        self.assertEqual(first_quarter["company"]["count"], 1)
        self.assertEqual(first_quarter["company"]["score"], january.score)
        self.assertEqual(second_quarter["company"]["count"], 1)
        self.assertEqual(second_quarter["company"]["score"], april.score)

    def test_category_analysis_weighs_items_as_the_comparison_does(self):
        """One definition of a category's score: the pivot's average is the comparison's
        weighted one; the NPS question is no category."""
        # two items of different weights in one category, answered differently
        self.q["delivery"].write(
            {"satisfaction_category_id": self.q["product"].satisfaction_category_id.id}
        )
        self.q["product"].satisfaction_weight, self.q["delivery"].satisfaction_weight = 3, 1
        user = self._people(1, self.team)[0]
        customer = self.Partner.create({"name": "Weighted", "email": "w@example.com"})
        responses = self.env["crm.satisfaction.response"]
        for product, delivery in ((10, 2), (4, 9)):
            order = self._order(customer=customer, user=user)
            responses |= self._answer(self._invite(order), product=product, delivery=delivery)
        responses.date = "2001-02-03 10:00:00"
        Line = self.env["crm.satisfaction.response.line"].with_user(self.all_leads)
        domain = [("response_id", "in", responses.ids), ("category_id", "!=", False)]
        groups = Line._read_group(domain, ["category_id"], ["score:avg"])
        compared = (
            self.env["crm.satisfaction.comparison"]
            .with_user(self.all_leads)
            ._compare(date(2001, 1, 1), date(2001, 3, 31), "sales")
        )
        for category, score in groups:
            lines = responses.line_ids.filtered(lambda line, c=category: line.category_id == c)
            weighted = sum(lines.mapped(lambda line: line.score * line.weight)) / sum(
                lines.mapped("weight")
            )
            self.assertAlmostEqual(score, weighted, places=4)
            self.assertAlmostEqual(score, compared["company"]["by_category"][category.id], 4)
        action = self.env.ref("crm_satisfaction.crm_satisfaction_response_line_action_category")
        self.assertIn("category_id", action.domain)


@tagged("post_install", "-at_install")
class TestSatisfactionExport(HttpCase, SatisfactionCase):
    def test_xlsx_for_managers_only(self):
        self._answer(self._invite(self._order()))
        self.authenticate("sat_all", "sat_all")
        response = url_open_read_only(
            self, "/crm_satisfaction/comparison.xlsx?date_from=2000-01-01&date_to=2100-01-01"
        )
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertIn("Salesperson vs Team", sheet["A1"].value)
        self.assertIn("01/01/2000", sheet["A2"].value, "the period, as the user writes dates")
        self.assertEqual(sheet["A4"].value, "Salesperson")
        scores = [cell.value for cell in sheet["D"][4:] if isinstance(cell.value, float)]
        self.assertTrue(scores)
        self.assertEqual(scores, [round(score, 1) for score in scores], "one decimal")
        self.assertEqual(sheet["D5"].number_format, "0.0")
        self.assertIn(
            "Satisfaction 2000-01-01 2100-01-01.xlsx",
            unquote(response.headers["Content-Disposition"]),
        )
        response = self.url_open(
            "/crm_satisfaction/comparison.xlsx?date_from=2100-01-01&date_to=2000-01-01"
        )
        self.assertEqual(response.status_code, 404)
        self.authenticate("crm_sales_1", "crm_sales_1")
        response = self.url_open(
            "/crm_satisfaction/comparison.xlsx?date_from=2000-01-01&date_to=2100-01-01"
        )
        self.assertEqual(response.status_code, 404)
