import re
import uuid

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .license_number import generate_number

FINGERPRINT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{3,127}$")


def iso_date(value):
    """A date as ISO text, or None (JSON null) when unset."""
    return value.isoformat() if value else None


class LicenseError(UserError):
    """A refusal with a stable ``code``, which the verification API returns to the software."""

    def __init__(self, code, message, reason=None):
        super().__init__(message)
        self.code = code
        self.reason = reason  # why a license is suspended: "order_cancelled", "manual", ...


class CrmSoftwareLicense(models.Model):
    """The right to use a software product (授权号), identified by its license number."""

    _name = "crm.software.license"
    _description = "Software License"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _rec_names_search = ["name", "partner_id"]

    # given at creation: the portal list would otherwise write one on first display, and a
    # list that writes cannot be served by a read-only replica
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))
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
    suspended_by_cancel = fields.Boolean(
        string="Suspended by Cancellation",
        readonly=True,
        copy=False,
        help="Suspended because its sale order was cancelled: confirming the order again "
        "reactivates it. A license suspended by hand stays suspended.",
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="End Date", tracking=True, help="Empty for perpetual licenses.")
    seats = fields.Integer(required=True, default=1, tracking=True)
    activation_ids = fields.One2many("crm.software.license.activation", "license_id")
    seats_used = fields.Integer(string="Seats in Use", compute="_compute_seats_used", store=True)
    seat_usage = fields.Float(
        string="Seat Usage (%)", compute="_compute_seat_usage", store=True, aggregator="avg"
    )
    maintenance_end = fields.Date(
        string="Maintenance Until",
        tracking=True,
        index="btree_not_null",
        help="End of the maintenance and upgrade period (维保期), sold and renewed separately "
        "from the right to use.",
    )
    under_maintenance = fields.Boolean(
        compute="_compute_under_maintenance", search="_search_under_maintenance"
    )
    renewal_order_id = fields.Many2one(
        "sale.order", string="Renewal Quotation", readonly=True, copy=False
    )
    renewal_line_ids = fields.One2many(
        "sale.order.line", "renewed_license_id", string="Renewal Lines", readonly=True
    )
    renewal_count = fields.Integer(compute="_compute_renewal_count")
    notes = fields.Html(groups="sales_team.group_sale_salesman")

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

    @api.depends("seats", "seats_used")
    def _compute_seat_usage(self):
        for license_ in self:
            license_.seat_usage = (
                100.0 * license_.seats_used / license_.seats if license_.seats > 0 else 0.0
            )

    @api.depends("maintenance_end")
    def _compute_under_maintenance(self):
        today = fields.Date.context_today(self)
        for license_ in self:
            license_.under_maintenance = bool(
                license_.maintenance_end and license_.maintenance_end >= today
            )

    def _search_under_maintenance(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on maintenance status."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("maintenance_end", ">=", today)]
        return ["|", ("maintenance_end", "=", False), ("maintenance_end", "<", today)]

    @api.depends("renewal_line_ids")
    def _compute_renewal_count(self):
        counts = dict(
            self.env["sale.order.line"]._read_group(
                [("renewed_license_id", "in", self.ids)], ["renewed_license_id"], ["__count"]
            )
        )
        for license_ in self:
            license_.renewal_count = counts.get(license_, 0)

    def _compute_access_url(self):
        for license_ in self:
            license_.access_url = f"/my/licenses/{license_.id}"

    def _creation_message(self):
        # said in the creator's words rather than Odoo's generic "<model> created"; made with
        # no language of its own (an install, a script), in the salesperson's
        lang = self.env.lang or self.user_id.lang
        return self.with_context(lang=lang).env._("License issued")

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("License Certificate %s", self.name)

    @api.depends("name", "product_id")
    def _compute_display_name(self):
        for license_ in self:
            license_.display_name = (
                f"{license_.name} ({license_.product_id.name})"
                if license_.product_id
                else license_.name
            )

    @api.constrains("seats", "date_start", "date_end", "maintenance_end")
    def _check_terms(self):
        for license_ in self:
            if license_.seats <= 0:
                raise ValidationError(self.env._("A license needs at least one seat."))
            if license_.date_end and license_.date_end < license_.date_start:
                raise ValidationError(self.env._("The end date cannot be before the start date."))
            if license_.maintenance_end and license_.maintenance_end < license_.date_start:
                raise ValidationError(
                    self.env._("The maintenance cannot end before the license starts.")
                )

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
        today = fields.Date.context_today(self)
        if self.filtered(lambda lic: lic.date_end and lic.date_end < today):
            raise UserError(
                self.env._("A license past its end date cannot be activated: renew it first.")
            )
        self.write({"state": "active", "suspended_by_cancel": False})
        return True

    def action_preview_license(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_suspend(self):
        self.filtered(lambda lic: lic.state in ("draft", "active")).write(
            {"state": "suspended", "suspended_by_cancel": False}
        )
        return True

    def action_revoke(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(self.env._("Only sales managers can revoke a license."))
        self.write({"state": "revoked"})
        self.activation_ids.write({"active": False})
        return True

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
                    "maintenance_end": template.license_maintenance_months > 0
                    and start + relativedelta(months=template.license_maintenance_months),
                    "state": "active",
                }
            )
        return values
