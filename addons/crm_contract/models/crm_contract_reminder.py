import logging

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from odoo.addons.crm_customer_core.models.cron_batches import cron_batches, run_isolated

_logger = logging.getLogger(__name__)

REMINDER_BATCH = 500
CRON_CHUNK = 5000
KINDS = [
    ("due_soon", "Due soon"),
    ("overdue", "Overdue"),
    ("escalation", "Overdue, escalated"),
    ("renewal", "Renewal"),
]


class CrmContractReminderLog(models.Model):
    """Reminders given, so that a second run, or a run resumed after a crash, reminds nobody
    twice: the key holds the date it was given for (a new due date is reminded again)."""

    _name = "crm.contract.reminder.log"
    _description = "Contract Reminder Log"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    milestone_id = fields.Many2one("crm.contract.milestone", index=True, ondelete="cascade")
    kind = fields.Selection(KINDS, required=True)
    key = fields.Char(required=True)

    _sql_constraints = [("key_uniq", "unique(key)", "This reminder was already given.")]


class CrmContractMilestone(models.Model):
    _inherit = "crm.contract.milestone"

    @api.model
    def _cron_contract_reminders(self, batch_size=REMINDER_BATCH):
        """Refresh the states that change with the date, then remind: the salesperson before
        a milestone is due and when it is overdue, the team leader when it is long overdue,
        the salesperson before a contract ends. Batched, idempotent, in each reader's
        language."""
        self._refresh_time_dependent_states()
        work = self._reminder_work(fields.Date.context_today(self))
        done = 0
        for batch in cron_batches(self.env, work, batch_size, CRON_CHUNK):
            orders = self.env["sale.order"].browse(dict.fromkeys(item[1] for item in batch))
            handled = run_isolated(
                orders,
                lambda some, batch=batch: self._give_reminders(
                    [item for item in batch if item[1] in some.ids]
                ),
                _logger,
                "Contract reminder",
            )
            done += sum(1 for item in batch if item[1] in handled.ids)
        return done

    @api.model
    def _reminder_work(self, today):
        """``[(kind, order id, milestone id or None, key)]`` still to give today, ordered."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
            WITH open_milestone AS (
                SELECT m.id, m.order_id, m.state, m.date_due, c.contract_reminder_days,
                       c.contract_escalation_days
                  FROM crm_contract_milestone m
                  JOIN res_company c ON c.id = m.company_id
                 WHERE m.state IN ('planned', 'due', 'invoiced', 'partial', 'overdue')
                   AND m.date_due IS NOT NULL
            ), work AS (
                SELECT 'due_soon' AS kind, order_id, id AS milestone_id,
                       'due_soon-' || id || '-' || date_due AS key
                  FROM open_milestone
                 WHERE state <> 'overdue' AND contract_reminder_days > 0
                   AND date_due BETWEEN %(today)s AND %(today)s + contract_reminder_days
                UNION ALL
                SELECT 'overdue', order_id, id, 'overdue-' || id || '-' || date_due
                  FROM open_milestone
                 WHERE state = 'overdue'
                UNION ALL
                SELECT 'escalation', order_id, id, 'escalation-' || id || '-' || date_due
                  FROM open_milestone
                 WHERE state = 'overdue' AND contract_escalation_days > 0
                   AND date_due < %(today)s - contract_escalation_days
                UNION ALL
                SELECT 'renewal', o.id, NULL, 'renewal-' || o.id || '-' || o.contract_end
                  FROM sale_order o
                  JOIN res_company c ON c.id = o.company_id
                 WHERE o.is_contract AND o.state = 'sale' AND c.contract_renewal_days > 0
                   AND o.contract_end BETWEEN %(today)s AND %(today)s + c.contract_renewal_days
            )
            SELECT kind, order_id, milestone_id, key FROM work
             WHERE NOT EXISTS (SELECT 1 FROM crm_contract_reminder_log l WHERE l.key = work.key)
             ORDER BY order_id, milestone_id NULLS FIRST, kind
            """,
                today=today,
            )
        )
        return [tuple(row) for row in rows]

    @api.model
    def _give_reminders(self, batch):
        """One activity on the contract per reminder of ``batch``, for its reader in their
        language, and the log rows that keep it from being given twice."""
        orders = self.env["sale.order"].browse({order_id for _k, order_id, _m, _key in batch})
        milestones = self.browse({m for _k, _o, m, _key in batch if m})
        orders.fetch(["name", "contract_number", "user_id", "team_id", "contract_end"])
        milestones.fetch(["name", "amount_outstanding", "currency_id", "date_due"])
        types = {
            kind: self.env.ref(f"crm_contract.mail_activity_type_contract_{kind}")
            for kind, _label in KINDS
        }
        model_id = self.env["ir.model"]._get_id("sale.order")
        today = fields.Date.context_today(self)
        items = []
        for kind, order_id, milestone_id, key in batch:
            order = orders.browse(order_id)
            reader = order.team_id.user_id if kind == "escalation" else order.user_id
            if reader:
                items.append((kind, order, self.browse(milestone_id), key, reader))
        vals_list = []
        for kind, order, milestone, _key, reader in items:
            env = order.with_context(lang=reader.lang or self.env.lang or "en_US").env
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": types[kind].id,
                    "user_id": reader.id,
                    "summary": self._reminder_summary(env, kind, order, milestone),
                    "date_deadline": max(milestone.date_due or today, today)
                    if kind == "due_soon"
                    else today,
                }
            )
        # creating an activity subscribes its user: one user's two activities on one contract
        # in the same create would subscribe them twice, so the second waits for a second round
        rounds, seen = [], {}
        for vals in vals_list:
            index = seen.get((vals["res_id"], vals["user_id"]), -1) + 1
            seen[vals["res_id"], vals["user_id"]] = index
            if index == len(rounds):
                rounds.append([])
            rounds[index].append(vals)
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        for round_vals in rounds:
            Activity.create(round_vals)
        self.env["crm.contract.reminder.log"].create(
            [
                {"order_id": order_id, "milestone_id": milestone_id, "kind": kind, "key": key}
                for kind, order_id, milestone_id, key in batch
            ]
        )

    @api.model
    def _reminder_summary(self, env, kind, order, milestone):
        number = order.contract_number or order.name
        if kind == "renewal":
            return env._(
                "Renew %(contract)s: it ends on %(date)s",
                contract=number,
                date=format_date(env, order.contract_end),
            )
        values = {
            "contract": number,
            "milestone": milestone.name,
            "amount": milestone.currency_id.format(milestone.amount_outstanding),
            "date": format_date(env, milestone.date_due),
        }
        if kind == "due_soon":
            return env._("%(contract)s: %(milestone)s (%(amount)s) is due on %(date)s", **values)
        if kind == "overdue":
            return env._(
                "%(contract)s: %(milestone)s (%(amount)s) is overdue since %(date)s", **values
            )
        return env._(
            "%(contract)s: %(milestone)s (%(amount)s) is long overdue (due %(date)s): follow up "
            "with the salesperson",
            **values,
        )
