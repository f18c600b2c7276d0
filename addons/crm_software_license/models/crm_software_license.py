from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .license_number import generate_number


class CrmSoftwareLicense(models.Model):
    """The right to use a software product (授权号), identified by its license number."""

    _name = "crm.software.license"
    _description = "Software License"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(
        string="License Number",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: generate_number(),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain="[('is_software_license', '=', True)]",
        tracking=True,
    )
    license_type = fields.Selection(related="product_id.license_type", store=True)
    sale_order_id = fields.Many2one("sale.order", index="btree_not_null", readonly=True)
    sale_line_id = fields.Many2one("sale.order.line", index="btree_not_null", readonly=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("suspended", "Suspended"),
            ("revoked", "Revoked"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="End Date", tracking=True, help="Empty for perpetual licenses.")
    seats = fields.Integer(required=True, default=1, tracking=True)
    activation_ids = fields.One2many("crm.software.license.activation", "license_id")
    seats_used = fields.Integer(string="Seats in Use", compute="_compute_seats_used", store=True)
    notes = fields.Html()

    _sql_constraints = [
        ("name_uniq", "unique(name)", "This license number already exists."),
    ]

    @api.depends("activation_ids.active")
    def _compute_seats_used(self):
        self.env["crm.software.license.activation"].flush_model(["active", "license_id"])
        counts = dict(
            self.env["crm.software.license.activation"]._read_group(
                [("license_id", "in", self.ids), ("active", "=", True)], ["license_id"], ["__count"]
            )
        )
        for license_ in self:
            license_.seats_used = counts.get(license_, 0)

    @api.depends("name", "product_id")
    def _compute_display_name(self):
        for license_ in self:
            license_.display_name = (
                f"{license_.name} ({license_.product_id.name})"
                if license_.product_id
                else license_.name
            )

    @api.constrains("seats", "date_start", "date_end")
    def _check_terms(self):
        for license_ in self:
            if license_.seats <= 0:
                raise ValidationError(self.env._("A license needs at least one seat."))
            if license_.date_end and license_.date_end < license_.date_start:
                raise ValidationError(self.env._("The end date cannot be before the start date."))

    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for license_ in self:
            if license_.partner_id != license_.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._("A license belongs to the company, not to one of its contacts.")
                )

    # ------------------------------------------------------------------ actions
    def action_activate(self):
        if self.filtered(lambda lic: lic.state == "revoked"):
            raise UserError(self.env._("A revoked license cannot be activated again."))
        self.write({"state": "active"})

    def action_suspend(self):
        self.filtered(lambda lic: lic.state in ("draft", "active")).write({"state": "suspended"})

    def action_revoke(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(self.env._("Only sales managers can revoke a license."))
        self.write({"state": "revoked"})
        self.activation_ids.write({"active": False})

    # ------------------------------------------------------------------ business methods
    @api.model
    def _license_values_from_lines(self, lines):
        """Values of the licenses a confirmed order line issues (one per line)."""
        values = []
        for line in lines:
            template = line.product_id.product_tmpl_id
            start = (line.order_id.commitment_date or fields.Datetime.now()).date()
            values.append(
                {
                    "partner_id": line.order_id.partner_id.commercial_partner_id.id,
                    "product_id": line.product_id.id,
                    "sale_order_id": line.order_id.id,
                    "sale_line_id": line.id,
                    "company_id": line.order_id.company_id.id,
                    "seats": int(line.product_uom_qty) * template.license_seats_per_unit,
                    "date_start": start,
                    "date_end": template.license_type == "subscription"
                    and start + relativedelta(months=template.license_duration_months),
                    "state": "active",
                }
            )
        return values

    def _activate_seat(self, fingerprint, hostname=False, user_name=False, user_email=False):
        """Take a seat for ``fingerprint`` (or refresh its activation).

        The license row is locked first, so concurrent requests in several worker processes
        count seats one after the other: never more activations than seats.

        :return: the activation
        :raise UserError: when the license is not active or all seats are taken
        """
        self.ensure_one()
        self.env.execute_query(
            SQL("SELECT id FROM crm_software_license WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset(["state", "seats", "date_end"])
        if self.state != "active":
            raise UserError(self.env._("License %s is not active.", self.name))
        Activation = self.env["crm.software.license.activation"].with_context(active_test=False)
        activation = Activation.search(
            [("license_id", "=", self.id), ("fingerprint", "=", fingerprint)], limit=1
        )
        now = fields.Datetime.now()
        if activation.active:
            activation.last_seen = now
            return activation
        used = Activation.search_count([("license_id", "=", self.id), ("active", "=", True)])
        if used >= self.seats:
            raise UserError(
                self.env._(
                    "All %(seats)s seats of license %(name)s are in use.",
                    seats=self.seats,
                    name=self.name,
                )
            )
        values = {
            "active": True,
            "last_seen": now,
            "hostname": hostname,
            "user_name": user_name,
            "user_email": user_email,
        }
        if activation:
            activation.write(dict(values, first_activated=now))
            return activation
        return Activation.create(
            dict(values, license_id=self.id, fingerprint=fingerprint, first_activated=now)
        )
