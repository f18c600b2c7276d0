"""Customer health (客户健康度): one score per customer from weighted signals, with the
reasons in words. The core scores value tier, lifecycle and contact; the other addons add
their signals (``crm.customer.health.signal`` records) and the methods that score them:
``_customer_health_<code>(today, rows)`` returns ``{customer id: (score, parameters)}`` for a
batch of customers (``rows``: their columns of ``_customer_health_columns``), with one query
at most; ``_customer_health_reason_<code>(parameters)`` words the reason."""

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
TIER_SCORES = {"a": 100, "b": 75, "c": 40}
LIFECYCLE_SCORES = {"growth": 100, "maturity": 85, "acquisition": 70, "decline": 25, "exit": 0}
# a signal scoring below this gives a reason
REASON_BELOW = 60
# "<day>:<last customer id scored that day>": where a killed run resumes
PROGRESS_PARAM = "crm_customer_core.health_progress"
GOOD_PARAM = "crm_customer_core.health_good_threshold"
PROBLEM_PARAM = "crm_customer_core.health_problem_threshold"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # not indexed: the nightly job rewrites scores, an index on them would make each write
    # touch every index of the table
    customer_health_score = fields.Integer(
        string="Health", readonly=True, copy=False, groups=SALES, aggregator="avg"
    )
    customer_health_level = fields.Selection(
        LEVELS, string="Health Level", readonly=True, copy=False, index=True, groups=SALES
    )
    # {signal code: [score, {parameters of its reason}]}: the reasons are worded when read,
    # in the reader's language
    customer_health_detail = fields.Json(readonly=True, copy=False, groups=SALES)
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
        """Score every customer of the file once a day, in batches, in the order of their
        ids; a scheduled action resumes after the last customer it scored today."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        params = self.env["ir.config_parameter"].sudo()
        day, _sep, last = (params.get_param(PROGRESS_PARAM) or "").partition(":")
        last_id = int(last) if day == str(today) and last else 0
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT id FROM res_partner
                     WHERE active AND id = commercial_partner_id
                       AND customer_stage_id IS NOT NULL AND id > %s
                     ORDER BY id
                    """,
                    last_id,
                )
            )
        ]
        done = None
        for batch in cron_batches(self.env, ids, batch_size, CRON_CHUNK):
            self.browse(batch)._customer_health_compute(today)
            done = batch[-1]
        if done:
            # one call is one transaction: where the next call, or a run after a kill, resumes
            params.set_param(PROGRESS_PARAM, f"{today}:{done}")
        return len(ids)

    def _customer_health_compute(self, today):
        """Score ``self`` (customers) with one query per signal for the whole batch, and write
        the scores with one UPDATE."""
        signals = self.env["crm.customer.health.signal"].search([("weight", ">", 0)])
        good, problem = self._customer_health_thresholds()
        weights = {signal.code: signal.weight for signal in signals}
        total = sum(weights.values()) or 1
        details = {partner_id: {} for partner_id in self.ids}
        rows = self._customer_health_fetch(self._customer_health_columns())
        for code in weights:
            method = getattr(self, f"_customer_health_{code}", None)
            for partner_id, value in (method(today, rows) if method else {}).items():
                details[partner_id][code] = value
        scores = []
        for partner_id, detail in details.items():
            # a signal without data about the customer (no ticket, no license) is no problem
            score = round(
                sum(
                    weight * (detail[code][0] if code in detail else 100)
                    for code, weight in weights.items()
                )
                / total
            )
            level = "good" if score >= good else "problem" if score < problem else "watch"
            scores.append((partner_id, score, level, json.dumps(detail)))
        if scores:
            ids, values, levels, texts = zip(*scores, strict=True)
            # only the customers whose health changed are written
            self.env.execute_query(
                SQL(
                    """
                    UPDATE res_partner p
                       SET customer_health_score = v.score, customer_health_level = v.level,
                           customer_health_detail = v.detail::jsonb
                      FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::text[])
                           AS v(id, score, level, detail)
                     WHERE p.id = v.id
                       AND (p.customer_health_score IS DISTINCT FROM v.score
                            OR p.customer_health_level IS DISTINCT FROM v.level
                            OR p.customer_health_detail IS DISTINCT FROM v.detail::jsonb)
                    """,
                    list(ids),
                    list(values),
                    list(levels),
                    list(texts),
                )
            )
        self.invalidate_recordset(
            ["customer_health_score", "customer_health_level", "customer_health_detail"]
        )

    @api.model
    def _customer_health_outdated(self):
        """The weights or thresholds changed: every score is out of date. The scheduled
        action rescores them as soon as it can."""
        self.env["ir.config_parameter"].sudo().set_param(PROGRESS_PARAM, False)
        cron = self.env.ref("crm_customer_core.ir_cron_customer_health", raise_if_not_found=False)
        if cron:  # not yet while the module installs
            cron._trigger()

    @api.model
    def _customer_health_rescore(self):
        """Score every customer now (demo data, after an upgrade)."""
        self._customer_health_outdated()
        return self._cron_customer_health()

    def action_customer_health_refresh(self):
        """Score the selected customers now: whoever may edit them."""
        self.check_access("write")
        customers = self.commercial_partner_id.filtered("customer_stage_id")
        customers._customer_health_compute(fields.Date.context_today(self))
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # ------------------------------------------------------------------ core signals
    @api.model
    def _customer_health_columns(self):
        """The customer's own stored columns the signals read: fetched once per batch and
        handed to each signal method with the date, ``method(today, rows)``."""
        return [
            "customer_value_tier",
            "customer_lifecycle",
            "customer_last_contact_date",
            "customer_next_contact_date",
        ]

    def _customer_health_fetch(self, columns):
        """``{id: {column: value}}`` of stored ``columns`` of ``self``, in one query."""
        self.flush_recordset(columns)
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT id, %s FROM res_partner WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                self.ids,
            )
        )
        return {row["id"]: row for row in rows}

    def _customer_health_value_tier(self, today, rows):
        # one (score, parameters) per tier, shared by the customers of the tier
        values = {tier: (score, {"tier": tier}) for tier, score in TIER_SCORES.items()}
        return {
            partner_id: values.get(row["customer_value_tier"], (50, {}))
            for partner_id, row in rows.items()
        }

    def _customer_health_lifecycle(self, today, rows):
        values = {
            lifecycle: (score, {"lifecycle": lifecycle})
            for lifecycle, score in LIFECYCLE_SCORES.items()
        }
        return {
            partner_id: values.get(row["customer_lifecycle"], (70, {}))
            for partner_id, row in rows.items()
        }

    def _customer_health_contact(self, today, rows):
        """Days past the next contact date against the contact cycle: a cycle late is 0."""
        result = {}
        for partner_id, row in rows.items():
            last, next_date = row["customer_last_contact_date"], row["customer_next_contact_date"]
            if not next_date or next_date >= today:
                result[partner_id] = (100, {})
                continue
            cycle = max(((next_date - last).days if last else 30), 1)
            late = (today - next_date).days
            score = max(0, round(100 - late * 100 / cycle))
            # the dates, not the days: a detail that does not change is not rewritten
            result[partner_id] = (
                score,
                {"next": str(next_date), "last": str(last) if last else None},
            )
        return result

    def _customer_health_reason_value_tier(self, params):
        return self.env._("Small customer (tier C)") if params.get("tier") == "c" else ""

    def _customer_health_reason_lifecycle(self, params):
        if params.get("lifecycle") == "exit":
            return self.env._("No order for a long time")
        return self.env._("Sales declining") if params.get("lifecycle") == "decline" else ""

    def _customer_health_reason_contact(self, params):
        today = fields.Date.context_today(self)
        late = (today - fields.Date.to_date(params["next"])).days if params.get("next") else 0
        if not params.get("last"):
            return self.env._("Never contacted, %(late)s days late", late=late)
        return self.env._(
            "Last contact %(since)s days ago, %(late)s days past the contact cycle",
            since=(today - fields.Date.to_date(params["last"])).days,
            late=late,
        )
