"""Customer health (客户健康度): one score per customer from weighted signals, with the
reasons in words. The core scores value tier, lifecycle and contact; the other addons add
their signals (``crm.customer.health.signal`` records) and the methods that score them."""

import json
import logging

from odoo import api, fields, models
from odoo.tools import SQL

from .cron_batches import cron_batches

_logger = logging.getLogger(__name__)

SALES = "sales_team.group_sale_salesman"
LEVELS = [("good", "Healthy"), ("watch", "To Watch"), ("problem", "Problem")]
HEALTH_BATCH = 5000
CRON_CHUNK = 50000
# a signal scoring below this gives a reason
REASON_BELOW = 60
GOOD_PARAM = "crm_customer_core.health_good_threshold"
PROBLEM_PARAM = "crm_customer_core.health_problem_threshold"


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_health_score = fields.Integer(
        string="Health", readonly=True, copy=False, index=True, groups=SALES, aggregator="avg"
    )
    customer_health_level = fields.Selection(
        LEVELS, string="Health Level", readonly=True, copy=False, index=True, groups=SALES
    )
    # {signal code: [score, {parameters of its reason}]}: the reasons are worded when read,
    # in the reader's language
    customer_health_detail = fields.Json(readonly=True, copy=False, groups=SALES)
    customer_health_date = fields.Date(string="Health Scored On", readonly=True, copy=False)
    customer_health_reasons = fields.Text(
        string="Health Reasons", compute="_compute_customer_health_reasons", groups=SALES
    )

    @api.depends("customer_health_detail")
    @api.depends_context("lang")
    def _compute_customer_health_reasons(self):
        signals = self.env["crm.customer.health.signal"].search([])
        for partner in self:
            detail = partner.customer_health_detail or {}
            reasons = []
            for signal in signals:
                score, params = detail.get(signal.code, (100, {}))
                if score < REASON_BELOW:
                    reasons.append(partner._customer_health_reason(signal, params))
            partner.customer_health_reasons = "\n".join(filter(None, reasons))

    def _customer_health_reason(self, signal, params):
        """The reason a signal gives, in the reader's language; each signal's method
        ``_customer_health_reason_<code>`` words it, else its name."""
        method = getattr(self, f"_customer_health_reason_{signal.code}", None)
        return method(params) if method else signal.name

    # ------------------------------------------------------------------ computation
    @api.model
    def _customer_health_thresholds(self):
        params = self.env["ir.config_parameter"].sudo()
        return (
            int(params.get_param(GOOD_PARAM, 70)),
            int(params.get_param(PROBLEM_PARAM, 40)),
        )

    @api.model
    def _cron_customer_health(self, batch_size=HEALTH_BATCH):
        """Score every customer of the file, in batches; a scheduled action resumes where a
        killed run stopped (the customers not scored today come first)."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT id FROM res_partner
                     WHERE active AND id = commercial_partner_id
                       AND customer_stage_id IS NOT NULL
                       AND (customer_health_date IS NULL OR customer_health_date < %s)
                     ORDER BY id
                    """,
                    today,
                )
            )
        ]
        for batch in cron_batches(self.env, ids, batch_size, CRON_CHUNK):
            self.browse(batch)._customer_health_compute(today)
        return len(ids)

    def _customer_health_compute(self, today):
        """Score ``self`` (customers) with one query per signal for the whole batch, and write
        the scores with one UPDATE."""
        signals = self.env["crm.customer.health.signal"].search([("weight", ">", 0)])
        good, problem = self._customer_health_thresholds()
        details = {partner_id: {} for partner_id in self.ids}
        for signal in signals:
            method = getattr(self, f"_customer_health_{signal.code}", None)
            if not method:
                continue
            for partner_id, value in method(today).items():
                details[partner_id][signal.code] = value
        weights = {signal.code: signal.weight for signal in signals}
        rows = []
        for partner_id, detail in details.items():
            # a signal without data about the customer (no ticket, no license) is no problem
            total = sum(weights.values()) or 1
            score = round(
                sum(weights[code] * detail.get(code, (100, {}))[0] for code in weights) / total
            )
            level = "good" if score >= good else "problem" if score < problem else "watch"
            rows.append((partner_id, score, level, json.dumps(detail)))
        if rows:
            self.env.execute_query(
                SQL(
                    """
                    UPDATE res_partner p
                       SET customer_health_score = v.score, customer_health_level = v.level,
                           customer_health_detail = v.detail::jsonb,
                           customer_health_date = %s
                      FROM (VALUES %s) AS v(id, score, level, detail)
                     WHERE p.id = v.id
                    """,
                    today,
                    SQL(", ").join(SQL("(%s, %s, %s, %s)", *row) for row in rows),
                )
            )
        self.invalidate_recordset(
            [
                "customer_health_score",
                "customer_health_level",
                "customer_health_detail",
                "customer_health_date",
            ]
        )

    @api.model
    def _customer_health_outdated(self):
        """The weights or thresholds changed: every score is out of date. The scheduled
        action rescores them as soon as it can."""
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET customer_health_date = NULL"
                " WHERE customer_health_date IS NOT NULL"
            )
        )
        self.invalidate_model(["customer_health_date"])
        cron = self.env.ref("crm_customer_core.ir_cron_customer_health", raise_if_not_found=False)
        if cron:  # not yet while the module installs
            cron._trigger()

    @api.model
    def _customer_health_rescore(self):
        """Score every customer now (demo data, after an upgrade)."""
        self._customer_health_outdated()
        return self._cron_customer_health()

    def action_customer_health_refresh(self):
        """Score the selected customers now."""
        customers = self.commercial_partner_id.filtered("customer_stage_id")
        customers._customer_health_compute(fields.Date.context_today(self))
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # ------------------------------------------------------------------ core signals
    def _customer_health_fetch(self, columns):
        """``{id: row}`` of stored ``columns`` of ``self``, in one query."""
        self.flush_recordset(columns)
        rows = self.env.execute_query(
            SQL(
                "SELECT id, %s FROM res_partner WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                self.ids,
            )
        )
        return {row[0]: row[1:] for row in rows}

    def _customer_health_value_tier(self, today):
        scores = {"a": 100, "b": 75, "c": 40}
        return {
            partner_id: (scores.get(tier, 50), {"tier": tier})
            for partner_id, (tier,) in self._customer_health_fetch(["customer_value_tier"]).items()
        }

    def _customer_health_lifecycle(self, today):
        scores = {"growth": 100, "maturity": 85, "acquisition": 70, "decline": 25, "exit": 0}
        return {
            partner_id: (scores.get(lifecycle, 70), {"lifecycle": lifecycle})
            for partner_id, (lifecycle,) in self._customer_health_fetch(
                ["customer_lifecycle"]
            ).items()
        }

    def _customer_health_contact(self, today):
        """Days past the next contact date against the contact cycle: a cycle late is 0."""
        result = {}
        rows = self._customer_health_fetch(
            ["customer_last_contact_date", "customer_next_contact_date"]
        )
        for partner_id, (last, next_date) in rows.items():
            if not next_date or next_date >= today:
                result[partner_id] = (100, {})
                continue
            cycle = max(((next_date - last).days if last else 30), 1)
            late = (today - next_date).days
            since = (today - last).days if last else None
            score = max(0, round(100 - late * 100 / cycle))
            result[partner_id] = (score, {"late": late, "since": since, "cycle": cycle})
        return result

    def _customer_health_reason_value_tier(self, params):
        return self.env._("Small customer (tier C)") if params.get("tier") == "c" else ""

    def _customer_health_reason_lifecycle(self, params):
        if params.get("lifecycle") == "exit":
            return self.env._("No order for a long time")
        return self.env._("Sales declining") if params.get("lifecycle") == "decline" else ""

    def _customer_health_reason_contact(self, params):
        if params.get("since") is None:
            return self.env._("Never contacted, %(late)s days late", late=params.get("late"))
        return self.env._(
            "Last contact %(since)s days ago, %(late)s days past the contact cycle",
            since=params["since"],
            late=params["late"],
        )
