"""The shared helpers tested against a model of their own (odoo-test-helper), not only
through the addons that use them: the batched scheduled actions, the isolated runs, the
recipient's language, the 360° summary and health extension points, the portal list and
the xlsx export."""

import io
from datetime import date
from types import SimpleNamespace
from unittest.mock import patch

import openpyxl
from odoo_test_helper import FakeModelLoader

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from ..controllers import portal_list as portal_list_module
from ..controllers import xlsx as xlsx_module
from ..controllers.portal_list import portal_list
from ..controllers.xlsx import xlsx_response
from .scheduler import run_like_the_scheduler


@tagged("post_install", "-at_install")
class TestSharedHelpers(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        # imported only now: a model class registers itself with the addon when imported
        from .fake_models import CrmTestBatchItem, CrmTestPartner  # noqa: PLC0415

        cls.loader.update_registry((CrmTestBatchItem, CrmTestPartner))
        cls.Item = cls.env["crm.test.batch.item"]

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_cron_batches_finish_through_the_scheduler(self):
        items = self.Item.create([{"name": f"item {i}"} for i in range(7)])
        cron = self.env.ref("crm_customer_core.ir_cron_customer_health")

        def run(env):
            env["crm.test.batch.item"]._cron_mark_done(batch_size=2, chunk=3)

        self.assertEqual(run_like_the_scheduler(cron, run), 3, "7 items, 3 a call")
        self.assertEqual(items.mapped("done_count"), [1] * 7, "each once")
        self.assertEqual(run_like_the_scheduler(cron, run), 1)
        self.assertEqual(items.mapped("done_count"), [1] * 7, "nothing twice")

    def test_cron_batches_called_directly_do_everything(self):
        items = self.Item.create([{"name": f"item {i}"} for i in range(5)])
        self.Item._cron_mark_done(batch_size=2, chunk=1)
        self.assertEqual(items.mapped("done_count"), [1] * 5)

    def test_run_isolated_skips_only_the_broken(self):
        items = self.Item.create([{"name": f"item {i}", "broken": i == 2} for i in range(4)])
        with self.assertLogs("odoo.addons.crm_customer_core.tests.fake_models", "WARNING"):
            handled = items._mark_isolated()
        self.assertEqual(handled, items - items[2])
        self.assertEqual(items.mapped("done_count"), [1, 1, 0, 1], "the others once")

    def test_each_reader_in_their_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        chinese = new_test_user(self.env, login="helper_zh", lang="zh_CN")
        english = new_test_user(self.env, login="helper_en", lang="en_US")
        items = self.Item.create(
            [
                {"name": "for Li", "user_id": chinese.id},
                {"name": "for Ann", "user_id": english.id},
                {"name": "for nobody"},
            ]
        )
        items.with_context(lang="zh_CN")._write_notes()
        self.assertEqual(items.mapped("note"), ["zh_CN", "en_US", "zh_CN"], "nobody: as asked")

    # ------------------------------------------------------------------ extension points
    def test_an_addon_adds_a_360_figure_and_a_health_signal(self):
        self.env["crm.customer.health.signal"].create(
            {"name": "Test signal", "code": "test_signal", "weight": 5}
        )
        Customer = self.env["res.partner"].with_context(crm_customer_file=True)
        sick, well = Customer.create([{"name": "Sick customer"}, {"name": "Well customer"}])
        self.assertTrue(sick.customer_stage_id, "a customer of the customer file")
        (sick | well)._customer_health_compute(date(2026, 4, 1))
        self.assertEqual(sick.customer_health_detail["test_signal"], [0, {"since": "2026-04-01"}])
        self.assertNotIn("test_signal", well.customer_health_detail)
        self.assertLess(sick.customer_health_score, well.customer_health_score)
        self.assertIn("sick since 2026-04-01", sick.customer_health_reasons)
        self.assertNotIn("sick", well.customer_health_reasons or "")
        self.assertIn(("Test figure", 42), sick._get_customer_360_summary())

    # ------------------------------------------------------------------ portal list, xlsx
    def _request(self):
        """What the helpers read of a request: the user's environment, the session, and a
        response maker that hands back what it is given."""
        return SimpleNamespace(
            env=self.env, session={},
            make_response=lambda data, headers: SimpleNamespace(data=data, headers=dict(headers)),
        )  # fmt: skip

    def test_portal_list_searches_filters_sorts_and_pages(self):
        self.Item.create(
            [{"name": f"item {i}", "done_count": i % 2} for i in range(5)]
            + [{"name": "other"}]
        )  # fmt: skip
        controller = SimpleNamespace(_items_per_page=2, _prepare_portal_layout_values=dict)
        searchbar = (
            {"name": {"label": "Name", "order": "name"},
             "newest": {"label": "Newest", "order": "id desc"}},
            {"all": {"label": "All", "domain": []},
             "done": {"label": "Done", "domain": [("done_count", ">", 0)]}},
            {"name": {"input": "name", "label": "Search in Name"}},
        )  # fmt: skip
        request = self._request()

        def page(**kw):
            with patch.object(portal_list_module, "request", request):
                return portal_list(
                    controller, "crm.test.batch.item", "/my/items", [("name", "like", "item")],
                    searchbar, {"name": "name"}, "my_items_history", **kw,
                )  # fmt: skip

        records, values = page()
        self.assertEqual(records.mapped("name"), ["item 0", "item 1"], "default sorting, a page")
        self.assertEqual(values["pager"]["page_count"], 3, "5 items, 2 a page, not 'other'")
        self.assertEqual((values["sortby"], values["filterby"]), ("name", "all"))
        self.assertEqual(request.session["my_items_history"], records.ids)
        records, values = page(page=3)
        self.assertEqual(records.mapped("name"), ["item 4"])
        records, values = page(filterby="done", sortby="newest")
        self.assertEqual(records.mapped("name"), ["item 3", "item 1"])
        records, values = page(search="3", filterby="unknown", sortby="unknown")
        self.assertEqual(records.mapped("name"), ["item 3"])
        self.assertEqual((values["sortby"], values["filterby"]), ("name", "all"), "bad input")

    def test_xlsx_response_writes_titles_header_rows_and_formats(self):
        with patch.object(xlsx_module, "request", self._request()):
            response = xlsx_response(
                "items.xlsx", "A sheet name longer than Excel allows", ["Name", "Amount", "Rate"],
                [["item 1", 1234.5, 0.25], ["item 2", None, False]],
                formats={1: "money", 2: "percent"}, title_lines=["Items", "2026"],
            )  # fmt: skip
        self.assertEqual(response.headers["Content-Type"], xlsx_module.XLSX_MIMETYPE)
        self.assertIn("items.xlsx", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        self.assertEqual(sheet.title, "A sheet name longer than Excel allows"[:31])
        self.assertEqual(
            [[cell.value for cell in row] for row in sheet.iter_rows()],
            [["Items", None, None], ["2026", None, None], [None, None, None],
             ["Name", "Amount", "Rate"], ["item 1", 1234.5, 0.25], ["item 2", None, None]],
        )  # fmt: skip
        self.assertTrue(sheet["A1"].font.bold)
        self.assertTrue(sheet["A4"].font.bold)
        self.assertEqual(sheet["B5"].number_format, "#,##0.00")
        self.assertEqual(sheet["C5"].number_format, "0.0%")
