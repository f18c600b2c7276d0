from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

SALES = "sales_team.group_sale_salesman"
CUSTOMER_NATURES = [
    ("enterprise", "Enterprise"),
    ("individual", "Individual"),
    ("government", "Government"),
    ("other", "Other"),
]
GENDERS = [("male", "Male"), ("female", "Female"), ("other", "Other")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Odoo searches contacts by this on every incoming e-mail (sender, bounces) and the
    # duplicate guard does too; unindexed, each is a scan of the whole customer file
    email_normalized = fields.Char(index="btree_not_null")

    # Profile (the "Customer file" tab); hidden from portal users, who may read their own
    # partner record, through the field groups.
    customer_code = fields.Char(copy=False, index=True, groups=SALES, tracking=True)
    customer_nature = fields.Selection(CUSTOMER_NATURES, groups=SALES)
    customer_source_id = fields.Many2one(
        "crm.customer.source", string="Information Source", groups=SALES
    )
    customer_visit_method_id = fields.Many2one(
        "crm.customer.visit.method", string="Visit Method", groups=SALES
    )
    customer_purchase_expectation_id = fields.Many2one(
        "crm.customer.purchase.expectation", string="Purchase Expectation", groups=SALES
    )
    customer_occupation = fields.Char(string="Occupation", groups=SALES)
    customer_gender = fields.Selection(GENDERS, string="Contact Gender", groups=SALES)
    customer_birthday = fields.Date(string="Birthday", groups=SALES)
    customer_birthday_lunar = fields.Boolean(
        string="Celebrates Lunar Birthday",
        groups=SALES,
        help="The birthday reminder follows the Chinese lunar calendar date of the birthday.",
    )
    customer_hobbies = fields.Char(string="Hobbies", groups=SALES)
    customer_relationship = fields.Selection(
        [("1", "Acquaintance"), ("2", "Familiar"), ("3", "Close"), ("4", "Strategic")],
        string="Relationship Level",
        groups=SALES,
    )
    customer_key_contact = fields.Boolean(
        string="Key Contact", groups=SALES, help="Gets birthday and care-date reminders."
    )
    # Stage pipeline
    customer_stage_id = fields.Many2one(
        "crm.customer.stage",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_read_group_customer_stage_ids",
        groups=SALES,
    )
    customer_assigned_date = fields.Datetime(
        string="Assigned On",
        copy=False,
        groups=SALES,
        help="When the current salesperson took this customer.",
    )
    # Do not market
    customer_do_not_market = fields.Boolean(
        string="Do Not Market",
        tracking=True,
        groups=SALES,
        help="The customer asked for no promotional mail: the email is on the mail "
        "blacklist and reminders suggest no marketing contact.",
    )
    # Follow-ups and contact cycle
    customer_followup_ids = fields.One2many(
        "crm.customer.followup", "partner_id", string="Follow-ups", groups=SALES
    )
    customer_followup_count = fields.Integer(
        compute="_compute_customer_followup_count", groups=SALES
    )
    customer_last_contact_date = fields.Date(
        string="Last Contact",
        compute="_compute_customer_last_contact",
        store=True,
        groups=SALES,
    )
    customer_planned_contact_date = fields.Date(
        string="Planned Contact",
        compute="_compute_customer_last_contact",
        store=True,
        groups=SALES,
        help="The next contact date promised in the latest follow-up.",
    )
    customer_contact_interval = fields.Integer(
        string="Contact Every (days)",
        groups=SALES,
        help="Overrides the interval of the tier and the stage; 0 means use them.",
    )
    customer_next_contact_date = fields.Date(
        string="Next Contact",
        compute="_compute_customer_next_contact_date",
        store=True,
        index=True,
        groups=SALES,
    )

    def init(self):
        result = super().init()
        # Customer codes are unique per company; shared partners (no company) count as one.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS res_partner_customer_code_company_uniq "
                "ON res_partner (customer_code, COALESCE(company_id, 0)) "
                "WHERE customer_code IS NOT NULL"
            )
        )
        return result

    # ------------------------------------------------------------------ computes
    @api.model
    def _read_group_customer_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    def _compute_customer_followup_count(self):
        counts = dict(
            self.env["crm.customer.followup"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.customer_followup_count = counts.get(partner, 0)

    @api.depends("customer_followup_ids.date", "customer_followup_ids.next_contact_date")
    def _compute_customer_last_contact(self):
        last = {
            partner.id: (date, planned)
            for partner, date, planned in self.env["crm.customer.followup"]._read_group(
                [("partner_id", "in", self.ids)],
                ["partner_id"],
                ["date:max", "next_contact_date:max"],
            )
        }
        for partner in self:
            date, planned = last.get(partner.id, (False, False))
            partner.customer_last_contact_date = date and date.date()
            partner.customer_planned_contact_date = planned

    @api.depends(
        "customer_last_contact_date",
        "customer_planned_contact_date",
        "customer_contact_interval",
        "customer_stage_id.contact_interval_days",
        "customer_value_tier",
        "customer_assigned_date",
        "company_id",
    )
    def _compute_customer_next_contact_date(self):
        """Last contact (or assignment) plus the effective interval, or the contact date
        planned in the latest follow-up when sooner. Computed in SQL so that the nightly
        classification can set it in the same UPDATE (see ``_customer_next_contact_sql``);
        an unsaved record gets its date when saved, a partner outside the customer file
        (no stage: a contact, an e-mail sender, a user) has none, without a query."""
        saved = self.filtered(lambda p: p.id and p.customer_stage_id)
        (self - saved).customer_next_contact_date = False
        if not saved:
            return
        self.env["res.partner"].flush_model(
            [
                "customer_last_contact_date",
                "customer_planned_contact_date",
                "customer_contact_interval",
                "customer_stage_id",
                "customer_value_tier",
                "customer_assigned_date",
                "company_id",
            ]
        )
        self.env["crm.customer.stage"].flush_model(["contact_interval_days"])
        self.env["res.company"].flush_model(
            ["crm_tier_a_interval", "crm_tier_b_interval", "crm_tier_c_interval"]
        )
        dates = dict(
            self.env.execute_query(
                SQL(
                    "SELECT p.id, %s FROM res_partner p %s WHERE p.id = ANY(%s)",
                    self._customer_next_contact_sql(SQL("p.customer_value_tier")),
                    self._customer_next_contact_joins(),
                    saved.ids,
                )
            )
        )
        for partner in saved:
            partner.customer_next_contact_date = dates.get(partner.id)

    @api.model
    def _customer_next_contact_joins(self):
        return SQL(
            "LEFT JOIN crm_customer_stage ccs ON ccs.id = p.customer_stage_id "
            "LEFT JOIN res_company ccc ON ccc.id = COALESCE(p.company_id, %s)",
            self.env.company.id,
        )

    @api.model
    def _customer_next_contact_sql(self, tier):
        """SQL expression of the next contact date of partner ``p`` whose value tier is the
        SQL expression ``tier``; needs ``_customer_next_contact_joins``. The interval is the
        customer's own, else its tier's, else its stage's (0 means none)."""
        interval = SQL(
            """COALESCE(NULLIF(p.customer_contact_interval, 0),
                        NULLIF(CASE %s WHEN 'a' THEN ccc.crm_tier_a_interval
                                       WHEN 'b' THEN ccc.crm_tier_b_interval
                                       WHEN 'c' THEN ccc.crm_tier_c_interval END, 0),
                        NULLIF(ccs.contact_interval_days, 0))""",
            tier,
        )
        base = SQL(
            "COALESCE(p.customer_last_contact_date, "
            "COALESCE(p.customer_assigned_date, p.create_date)::date)"
        )
        return SQL(
            """CASE WHEN p.customer_stage_id IS NOT NULL THEN
                   LEAST(%(base)s + %(interval)s,
                         CASE WHEN p.customer_planned_contact_date > %(base)s
                              THEN p.customer_planned_contact_date END)
               END""",
            base=base,
            interval=interval,
        )

    @api.model
    def _crm_recompute_contact_dates(self):
        """Recompute next contact dates after the tier intervals changed in the settings."""
        partners = self.search([("customer_stage_id", "!=", False)])
        self.env.add_to_compute(self._fields["customer_next_contact_date"], partners)

    # ------------------------------------------------------------------ constraints
    @api.constrains("customer_contact_interval")
    def _check_customer_contact_interval(self):
        if any(partner.customer_contact_interval < 0 for partner in self):
            raise ValidationError(self.env._("The contact interval cannot be negative."))

    @api.constrains("customer_code", "company_id")
    def _check_customer_code_unique(self):
        coded = self.filtered("customer_code")
        keys = [(p.customer_code, p.company_id.id or 0) for p in coded]
        if not keys:
            return
        # Plain SQL on purpose: the ORM would flush this write first and let the unique index
        # answer with a database error instead of this message.
        taken = self.env.execute_query(
            SQL(
                "SELECT customer_code FROM res_partner WHERE id != ALL(%s) "
                "AND (customer_code, COALESCE(company_id, 0)) IN %s LIMIT 1",
                coded.ids,
                tuple(keys),
            )
        )
        if taken or len(set(keys)) < len(keys):
            code = taken[0][0] if taken else next(k for k in keys if keys.count(k) > 1)[0]
            raise ValidationError(
                self.env._("The customer code %s is already used in this company.", code)
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        in_file = self.env.context.get("crm_customer_file")
        potential = in_file and self.env.ref(
            "crm_customer_core.stage_potential", raise_if_not_found=False
        )
        # A customer entered in the file belongs to whoever enters it, as in Odoo's sales
        # apps; only the pool menu enters customers straight into the pool.
        default_owner = (
            in_file
            and not self.env.context.get("crm_customer_pool")
            and self._customer_default_owner()
        )
        for vals in vals_list:
            if not in_file or vals.get("parent_id"):
                continue
            # A form save sends the empty stage too: empty means "not chosen".
            if not vals.get("customer_stage_id") and potential:
                vals["customer_stage_id"] = potential.id
            if not vals.get("user_id") and default_owner:
                vals["user_id"] = default_owner.id
        for vals in vals_list:
            if vals.get("customer_stage_id") and vals.get("user_id"):
                vals.setdefault("customer_assigned_date", fields.Datetime.now())
        partners = super().create(vals_list)
        partners.filtered(
            lambda p: p.customer_stage_id and not p.customer_code
        )._assign_customer_code()
        # the guard is for customers of the file; a contact created for an e-mail sender or a
        # portal sign-up is not one (yet)
        partners.filtered("customer_stage_id")._flag_customer_duplicates()
        partners.filtered("customer_do_not_market")._sync_do_not_market()
        return partners

    def write(self, vals):
        if "user_id" in vals and "customer_assigned_date" not in vals:
            vals = dict(
                vals, customer_assigned_date=fields.Datetime.now() if vals["user_id"] else False
            )
        result = super().write(vals)
        if vals.get("customer_stage_id"):
            self.filtered(lambda p: not p.customer_code)._assign_customer_code()
        if "customer_do_not_market" in vals or (
            "email" in vals and self.filtered("customer_do_not_market")
        ):
            self._sync_do_not_market()
        return result

    @api.model
    def _customer_default_owner(self):
        """The current user when a salesperson (not the system user of imports and crons)."""
        user = self.env.user
        if user._is_superuser() or not user.has_group(SALES):
            return self.env["res.users"]
        return user

    def _assign_customer_code(self):
        # Codes come from the company's sequence, which only managers of sequences can read.
        for company, partners in self.grouped(lambda p: p.company_id or self.env.company).items():
            sequence = company._crm_customer_code_sequence()
            for partner in partners:
                partner.customer_code = sequence.next_by_id()

    def _sync_do_not_market(self):
        """Keep Odoo's mail blacklist in line with the do-not-market flag."""
        blacklist = self.env["mail.blacklist"].sudo()  # users may not edit the blacklist itself
        for partner in self.filtered("email_normalized"):
            if partner.customer_do_not_market:
                blacklist._add(partner.email_normalized)
            else:
                blacklist._remove(partner.email_normalized)
        self.invalidate_recordset(["is_blacklisted"])

    # ------------------------------------------------------------------ stage
    def _crm_advance_stage(self, stage, owners=None):
        """Move customers forward to ``stage``, never backwards.

        :param owners: ``{commercial partner id: res.users}``; a partner entering the customer
            file without a salesperson gets this one (a quotation's salesperson), so a new
            customer never lands in the pool.
        """
        movable = self.commercial_partner_id.filtered(
            lambda p: not p.customer_stage_id or p.customer_stage_id.sequence < stage.sequence
        )
        if not movable:
            return
        entering = movable.filtered(lambda p: not p.customer_stage_id and not p.user_id)
        for owner, partners in entering.grouped(lambda p: (owners or {}).get(p.id)).items():
            if owner:
                partners.user_id = owner  # before the stage: not a pool customer yet
        movable.customer_stage_id = stage

    def _crm_after_followup(self, followups):
        """Close the contact reminders a follow-up answers."""
        activity_type = self.env.ref(
            "crm_customer_core.mail_activity_type_customer_contact", raise_if_not_found=False
        )
        if not activity_type:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.commercial_partner_id.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        if activities:
            activities.action_feedback(feedback=self.env._("Contacted: follow-up recorded."))

    # ------------------------------------------------------------------ actions
    def action_view_customer_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_core.crm_customer_followup_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "search_default_partner_id": self.commercial_partner_id.id,
        }
        return action

    def _get_customer_360_summary(self):
        """Figures of the 360° summary as ``[(label, value)]``; other addons extend it.

        Smart buttons for their own records go into the form's button box the usual way.
        """
        self.ensure_one()
        return [
            (self.env._("Sale orders"), self.sale_order_count),
            (self.env._("Follow-ups"), self.customer_followup_count),
        ]
