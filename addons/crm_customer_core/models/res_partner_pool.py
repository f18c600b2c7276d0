import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .cron_batches import cron_batches
from .recipient_language import in_recipient_language

_logger = logging.getLogger(__name__)

SALES = "sales_team.group_sale_salesman"
POOL_BATCH = 1000
CRON_CHUNK = 10000


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_pool_warning_date = fields.Date(
        string="Pool Return Warned On",
        copy=False,
        groups=SALES,
        help="The owner was warned that this customer goes back to the pool; cleared when "
        "the customer changes hands or gets a follow-up.",
    )

    # ------------------------------------------------------------------ ownership limits
    @api.constrains("user_id", "customer_stage_id")
    def _check_customer_limit(self):
        owners = self.filtered(lambda p: p.customer_stage_id and p.user_id).user_id
        if not owners:
            return
        counts = dict(
            self.sudo()._read_group(  # count customers the caller may not see too
                [
                    ("user_id", "in", owners.ids),
                    ("customer_stage_id", "!=", False),
                    ("parent_id", "=", False),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        for user in owners:
            limit = user._crm_customer_limit()
            if limit and counts.get(user, 0) > limit:
                raise ValidationError(
                    self.env._(
                        "%(user)s may own at most %(limit)s customers and would own %(count)s.",
                        user=user.name,
                        limit=limit,
                        count=counts[user],
                    )
                )

    # ------------------------------------------------------------------ claim and release
    def write(self, vals):
        """Every path that changes the owner of a customer (form, list, import, RPC, the Claim
        button) goes through the pool rules and leaves a trace in the pool history."""
        if "user_id" not in vals or self.env.context.get("crm_pool_logged"):
            return super().write(vals)
        owner = self.env["res.users"].browse(vals["user_id"] or [])
        # Read the file fields as the system: the writer may lack the sales group (a portal
        # user editing their own contact); nothing read here is shown to them.
        changed = (
            self.sudo()
            .filtered(lambda p: p.customer_stage_id and not p.parent_id and p.user_id != owner)
            .with_env(self.env)
        )
        # sudo: the owner of a customer the writer may not read (a colleague's) is only
        # compared here and named in the log, never returned to the writer
        taken = changed.filtered(lambda p: not p.sudo().user_id) if owner else self.browse()
        given_up = changed - taken
        if taken:
            taken._customer_pool_check_take(owner)
        if given_up and owner and not self._customer_pool_free_hand():
            raise UserError(
                self.env._(
                    "Only sales managers hand customers over to another salesperson; "
                    "release %s to the pool instead.",
                    given_up[0].name,
                )
            )
        previous = {p.id: p.sudo().user_id for p in given_up}
        records = self
        if taken or given_up:
            # The new owner is told by the chatter note, not by one assignment mail each.
            records = self.with_context(mail_auto_subscribe_no_notify=True)
            vals = dict(vals, customer_pool_warning_date=False)
        result = super(ResPartner, records).write(vals)
        if taken:
            taken._customer_pool_log_take(owner)
        by = self.env.user
        for old_owner, partners in given_up.grouped(lambda p: previous[p.id]).items():
            if owner:
                partners._customer_pool_log(
                    "assign",
                    owner,
                    self.env._(
                        "Assigned to %(owner)s by %(user)s (was %(previous)s).",
                        owner=owner.name,
                        user=by.name,
                        previous=old_owner.name,
                    ),
                )
            else:
                partners._customer_pool_log(
                    "release",
                    old_owner,
                    self.env._("Released to the customer pool by %s.", by.name),
                )
        return result

    def _customer_pool_free_hand(self):
        """Sales managers (and the system itself) assign customers without the pool limits."""
        return self.env.su or self.env.user.has_group("sales_team.group_sale_salesman_all_leads")

    def _customer_pool_check_take(self, owner):
        """Refuse taking these pool customers for ``owner`` when the pool rules forbid it: a
        salesperson claims for themselves only, within the daily limit and not before the
        waiting period after giving a customer up. Managers assign freely."""
        if self._customer_pool_free_hand():
            return
        user = self.env.user
        if owner != user:
            raise UserError(
                self.env._(
                    "You can only claim customers from the pool for yourself; a sales manager "
                    "assigns them to others."
                )
            )
        company = self.env.company
        Log = self.env["crm.customer.pool.log"].sudo()  # the log is written by the system
        limit = company.crm_pool_claim_daily_limit
        if limit:
            today_start = fields.Datetime.to_datetime(fields.Date.context_today(self))
            claimed_today = Log.search_count(
                [("user_id", "=", user.id), ("action", "=", "claim"), ("date", ">=", today_start)]
            )
            if claimed_today + len(self) > limit:
                raise UserError(
                    self.env._(
                        "You may claim %(limit)s customers a day and already claimed "
                        "%(count)s today.",
                        limit=limit,
                        count=claimed_today,
                    )
                )
        if company.crm_pool_reclaim_days:
            since = fields.Datetime.now() - timedelta(days=company.crm_pool_reclaim_days)
            recent = Log.search(
                [
                    ("partner_id", "in", self.ids),
                    ("user_id", "=", user.id),
                    ("action", "in", ["release", "return"]),
                    ("date", ">=", since),
                ],
                limit=1,
            )
            if recent:
                raise UserError(
                    self.env._(
                        "You gave up %(customer)s less than %(days)s days ago "
                        "and cannot claim it yet.",
                        customer=recent.partner_id.name,
                        days=company.crm_pool_reclaim_days,
                    )
                )

    def _customer_pool_log_take(self, owner):
        user = self.env.user
        if owner == user:
            self._customer_pool_log(
                "claim", owner, self.env._("Claimed from the customer pool by %s.", owner.name)
            )
        else:
            self._customer_pool_log(
                "assign",
                owner,
                self.env._(
                    "Assigned from the customer pool to %(owner)s by %(user)s.",
                    owner=owner.name,
                    user=user.name,
                ),
            )

    def action_customer_claim(self):
        """Take customers from the pool, within the daily limit and the reclaim wait."""
        owned = self.filtered("user_id")
        if owned:
            raise UserError(
                self.env._(
                    "%s already has a salesperson; only customers in the pool can be claimed.",
                    owned[0].name,
                )
            )
        self.write({"user_id": self.env.user.id})
        return True

    def action_customer_release(self):
        """Give customers back to the pool (their owner or a sales manager)."""
        user = self.env.user
        if not self._customer_pool_free_hand() and self.filtered(lambda p: p.user_id != user):
            raise UserError(self.env._("You can only release your own customers to the pool."))
        self.write({"user_id": False})
        return True

    def _customer_pool_log(self, action, user, message):
        self.env["crm.customer.pool.log"].sudo().create(
            [{"partner_id": partner.id, "user_id": user.id, "action": action} for partner in self]
        )
        self._message_log_batch({partner.id: Markup("<p>%s</p>") % message for partner in self})

    # ------------------------------------------------------------------ automatic return
    @api.model
    def _customer_pool_candidates(self, rule, until):
        """Owned customers that ``rule`` returns to the pool on or before ``until``."""
        domain = [
            ("user_id", "!=", False),
            ("customer_stage_id", "!=", False),
            ("parent_id", "=", False),
        ]
        if rule.company_id:
            domain += ["|", ("company_id", "=", False), ("company_id", "=", rule.company_id.id)]
        if rule.stage_ids:
            domain.append(("customer_stage_id", "in", rule.stage_ids.ids))
        if rule.value_tiers:
            domain.append(("customer_value_tier", "=", rule.value_tiers))
        reasons = []
        if rule.no_followup_days:
            limit = until - timedelta(days=rule.no_followup_days)
            reasons.append(
                [
                    "|",
                    ("customer_last_contact_date", "<", limit),
                    "&",
                    ("customer_last_contact_date", "=", False),
                    ("customer_assigned_date", "<", fields.Datetime.to_datetime(limit)),
                ]
            )
        if rule.no_deal_days:
            limit = until - timedelta(days=rule.no_deal_days)
            reasons.append([("customer_assigned_date", "<", fields.Datetime.to_datetime(limit))])
        if not reasons:
            return self.browse()
        any_reason = ["|"] * (len(reasons) - 1) + [term for reason in reasons for term in reason]
        partners = self.search(domain + any_reason)
        if rule.no_deal_days and partners:
            # A deal since assignment, an open quotation or a recent order keeps the customer.
            since = until - timedelta(days=rule.no_deal_days)
            busy = self.env["sale.order"]._read_group(
                [
                    ("partner_id", "child_of", partners.ids),
                    "|",
                    ("state", "in", ["draft", "sent"]),
                    "&",
                    ("state", "=", "sale"),
                    ("date_order", ">=", fields.Datetime.to_datetime(since)),
                ],
                ["partner_id"],
            )
            partners -= self.browse([p.commercial_partner_id.id for (p,) in busy])
        return partners

    @api.model
    def _cron_customer_pool_return(self):
        """Return customers to the pool by the rules, after warning their owners once."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        rules = self.env["crm.customer.pool.rule"].search([])
        due_by_rule = {rule: self._customer_pool_candidates(rule, today) for rule in rules}
        pairs, seen = [], set()
        for rule, partners in due_by_rule.items():
            pairs += [(rule, p) for p in partners if p.id not in seen]
            seen.update(partners.ids)
        for batch in cron_batches(self.env, pairs, POOL_BATCH, CRON_CHUNK):
            by_rule_owner = defaultdict(lambda: self.browse())
            for rule, partner in batch:
                by_rule_owner[rule, partner.user_id] |= partner
            for (rule, owner), partners in by_rule_owner.items():
                partners._customer_pool_log(
                    "return",
                    owner,
                    self.env._(
                        "Returned to the customer pool by rule %(rule)s (owner %(owner)s).",
                        rule=rule.name,
                        owner=owner.name,
                    ),
                )
            self.browse([p.id for _rule, p in batch]).with_context(crm_pool_logged=True).write(
                {"user_id": False, "customer_pool_warning_date": False}
            )
        for rule, due in due_by_rule.items():
            if rule.warn_days:
                soon = self._customer_pool_candidates(rule, today + timedelta(days=rule.warn_days))
                to_warn = (soon - due).filtered(lambda p: not p.customer_pool_warning_date)
                vals_list = []
                for partners in in_recipient_language(to_warn, lambda partner: partner.user_id):
                    env = partners.env
                    vals_list += [
                        {
                            "res_model_id": env["ir.model"]._get_id("res.partner"),
                            "res_id": partner.id,
                            "activity_type_id": activity_type.id,
                            "user_id": partner.user_id.id,
                            "date_deadline": today + timedelta(days=rule.warn_days),
                            "summary": env._("Follow up or lose %s to the pool", partner.name),
                            "note": env._(
                                "Rule %(rule)s returns this customer to the customer pool "
                                "within %(days)s days.",
                                rule=rule.with_env(env).name,
                                days=rule.warn_days,
                            ),
                        }
                        for partner in partners
                    ]
                self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                    vals_list
                )
                to_warn.customer_pool_warning_date = today
        return len(pairs)

    def _crm_after_followup(self, followups):
        result = super()._crm_after_followup(followups)
        self.commercial_partner_id.filtered(
            "customer_pool_warning_date"
        ).customer_pool_warning_date = False
        return result
