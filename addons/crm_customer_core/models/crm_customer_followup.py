from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .recipient_language import in_recipient_language


class CrmCustomerFollowup(models.Model):
    """A contact with a customer (跟踪记录): what was said and promised, and what comes next."""

    _name = "crm.customer.followup"
    _description = "Customer Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_names_search = ["partner_id", "summary"]

    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('id', 'child_of', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", related="user_id.sale_team_id", store=True
    )
    channel = fields.Selection(
        [
            ("visit", "Visit"),
            ("phone", "Phone"),
            ("email", "Email"),
            ("chat", "Chat"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    summary = fields.Text(required=True)
    outcome = fields.Text()
    next_contact_date = fields.Date(
        help="When set, the customer's next contact date follows it and the salesperson "
        "gets an activity on that day."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for followup in self:
            date = fields.Date.to_string(followup.date.date()) if followup.date else ""
            followup.display_name = f"{followup.partner_id.display_name or ''} {date}".strip()

    @api.constrains("partner_id", "contact_id")
    def _check_contact_belongs_to_customer(self):
        for followup in self.filtered("contact_id"):
            if (
                followup.contact_id.commercial_partner_id
                != followup.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The contact person %(contact)s does not belong to %(customer)s.",
                        contact=followup.contact_id.display_name,
                        customer=followup.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(not vals.get("partner_id") for vals in vals_list):
            raise ValidationError(self.env._("A follow-up needs a customer."))
        followups = super().create(vals_list)
        followups._post_on_customers()
        followups.partner_id._crm_after_followup(followups)
        return followups

    def _post_on_customers(self):
        """Show each follow-up in the customer's chatter, one batched note per customer, each
        line in the language of the salesperson who reports it (not of whoever enters or
        imports it)."""
        bodies = {}
        for followups in in_recipient_language(self, lambda followup: followup.user_id):
            env = followups.env
            channels = dict(self._fields["channel"]._description_selection(env))
            for followup in followups:
                line = Markup("<b>%s</b> (%s, %s): %s") % (
                    env._("Follow-up"),
                    channels[followup.channel],
                    followup.user_id.name,
                    followup.summary,
                )
                if followup.outcome:
                    line += Markup("<br/>%s: %s") % (env._("Outcome"), followup.outcome)
                partner = followup.partner_id.commercial_partner_id
                bodies[partner.id] = bodies.get(partner.id, Markup()) + line
        partners = self.env["res.partner"].browse(list(bodies))
        partners._message_log_batch(bodies)
