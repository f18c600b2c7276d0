"""The shared helpers tested against a model of their own (odoo-test-helper), not only
through the addons that use them."""

from odoo_test_helper import FakeModelLoader

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from .scheduler import run_like_the_scheduler


@tagged("post_install", "-at_install")
class TestSharedHelpers(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        # imported only now: a model class registers itself with the addon when imported
        from .fake_models import CrmTestBatchItem  # noqa: PLC0415

        cls.loader.update_registry((CrmTestBatchItem,))
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
