from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.scheduler import run_like_the_scheduler

from ..models import crm_contract_reminder
from .common import ContractCase


@tagged("post_install", "-at_install")
class TestContractReminders(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_contract"], ["zh_CN"], overwrite=True)
        cls.manager.lang = "zh_CN"
        cls.company.write(
            {
                "contract_reminder_days": 7,
                "contract_escalation_days": 30,
                "contract_renewal_days": 30,
            }
        )

    def _activities(self, orders, kind):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", orders.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(f"crm_contract.mail_activity_type_contract_{kind}").id,
                ),
            ]
        )

    def test_due_overdue_and_escalated_once_each_through_the_scheduler(self):
        with freeze_time("2026-01-05 02:00"):
            orders = self.env["sale.order"]
            for _i in range(3):
                orders |= self._contract()
            orders.contract_end = "2026-02-15"
        cron = self.env.ref("crm_contract.ir_cron_contract_reminders")
        Milestone = type(self.env["crm.contract.milestone"])
        given = []
        original = Milestone._give_reminders

        def counting(model, batch):
            given.extend(key for _kind, _order, _milestone, key in batch)
            return original(model, batch)

        def remind(env):
            env["crm.contract.milestone"]._cron_contract_reminders(batch_size=1)

        with (
            patch.object(crm_contract_reminder, "CRON_CHUNK", 2),
            patch.object(Milestone, "_give_reminders", counting),
        ):
            with freeze_time("2026-01-20 02:00"):  # overdue, not escalated yet; renewal in a month
                self.assertGreaterEqual(run_like_the_scheduler(cron, remind), 3)
                self.assertEqual(len(self._activities(orders, "overdue")), 3)
                self.assertEqual(len(self._activities(orders, "renewal")), 3)
                self.assertFalse(self._activities(orders, "escalation"))
                self.assertEqual(run_like_the_scheduler(cron, remind), 1, "nothing twice")
            with freeze_time("2026-02-10 02:00"):  # 36 days overdue: the team leader
                run_like_the_scheduler(cron, remind)
                escalations = self._activities(orders, "escalation")
                self.assertEqual(len(escalations), 3)
                self.assertEqual(escalations.user_id, self.manager)
                self.assertIn("逾期", escalations[0].summary, "in the reader's language")
                self.assertEqual(len(self._activities(orders, "overdue")), 3, "still once")
        self.assertEqual(len(given), len(set(given)), "each reminder given once")

    def test_due_soon_for_the_salesperson(self):
        with freeze_time("2026-01-05 02:00"):
            order = self._contract(plan=self.env.ref("crm_contract.plan_template_full"))
        with freeze_time("2026-01-30 02:00"):  # due on 4 February
            self.env["crm.contract.milestone"]._cron_contract_reminders()
            activity = self._activities(order, "due_soon")
            self.assertEqual(activity.user_id, self.salesman)
            self.assertIn(order.contract_number, activity.summary)
            self.assertEqual(str(activity.date_deadline), "2026-02-04")
