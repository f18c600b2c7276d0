import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_customer_core.models.cron_batches import cron_batches

_logger = logging.getLogger(__name__)

# an order confirmed longer ago than its delay plus this is not surveyed any more: setting a
# survey up must not mail every customer of the past years
LATE_SEND_DAYS = 30
BATCH_SIZE = 200
CRON_CHUNK = 2000


class CrmSatisfactionInvitation(models.Model):
    """One survey sent to one customer about one document (an order, a ticket, or the customer
    itself when sent by hand). The row is the guard against sending twice."""

    _name = "crm.satisfaction.invitation"
    _description = "Satisfaction Survey Invitation"
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Recipient", required=True, index=True, ondelete="restrict"
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer", store=True, index=True
    )
    survey_id = fields.Many2one("survey.survey", required=True, index=True, ondelete="restrict")
    survey_title = fields.Char(related="survey_id.title", string="Survey Title")
    satisfaction_type = fields.Selection(related="survey_id.satisfaction_type", store=True)
    # "model,id" of the document; a plain string, as a Reference field checks that every
    # record exists one query at a time when invitations are created by the thousand
    source_ref = fields.Char(string="Document Reference", required=True, index=True)
    source_document = fields.Reference(
        selection="_selection_source_ref", string="About", compute="_compute_source_document"
    )
    sale_order_id = fields.Many2one("sale.order", index="btree_not_null", ondelete="set null")
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("sent", "Sent"),
            ("reminded", "Reminded"),
            ("done", "Answered"),
            ("skipped", "Not sent"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="sent",
        index=True,
    )
    skip_reason = fields.Selection(
        [
            ("no_email", "The customer has no e-mail address"),
            ("do_not_market", "The customer asked not to be contacted"),
            ("archived", "The customer is archived"),
            ("survey_closed", "The survey is closed"),
        ],
        string="Reason",
    )
    user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", index="btree_not_null", ondelete="set null"
    )
    response_id = fields.Many2one("crm.satisfaction.response", ondelete="set null")
    sent_date = fields.Datetime(string="Sent On")
    reminder_date = fields.Datetime(string="Reminded On")
    survey_url = fields.Char(
        string="Survey Link",
        compute="_compute_survey_url",
        # the answer token is not readable by the customer or the salesperson otherwise; the
        # invitation's own rules decide who sees it
        compute_sudo=True,
    )

    def init(self):
        # once per document (an order, a ticket); a customer surveyed by hand (about
        # themselves) again once the previous invitation is closed, never two open at once
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS crm_satisfaction_invitation_open_uniq
                ON crm_satisfaction_invitation (commercial_partner_id, survey_id, source_ref)
             WHERE state IN ('sent', 'reminded') OR source_ref NOT LIKE 'res.partner,%%'
            """
        )

    @api.model
    def _selection_source_ref(self):
        return [("sale.order", self.env._("Sale Order")), ("res.partner", self.env._("Customer"))]

    @api.depends("survey_id", "partner_id")
    def _compute_display_name(self):
        for invitation in self:
            invitation.display_name = f"{invitation.survey_title} - {invitation.partner_id.name}"

    @api.depends("source_ref")
    def _compute_source_document(self):
        for invitation in self:
            invitation.source_document = invitation.source_ref

    @api.depends("user_input_id.access_token")
    def _compute_survey_url(self):
        for invitation in self:
            answer = invitation.user_input_id
            invitation.survey_url = (
                answer.survey_id.get_base_url() + answer.get_start_url() if answer else False
            )

    # ------------------------------------------------------------------ sending
    @api.model
    def _skip_reason(self, partner):
        if not partner.active or not partner.commercial_partner_id.active:
            return "archived"
        if partner.customer_do_not_market or partner.commercial_partner_id.customer_do_not_market:
            return "do_not_market"
        if not partner.email:
            return "no_email"
        return False

    @api.model
    def _invite(self, survey, vals_list):
        """Invite to ``survey`` every recipient of ``vals_list`` not yet invited about the same
        document; recipients that cannot be surveyed get an invitation *Not sent* with the
        reason. The mails are queued in the same transaction.

        :param vals_list: invitation values with at least ``partner_id`` and ``source_ref``
        :return: the invitations created, sent or not
        """
        survey._check_satisfaction_template()
        # the do-not-market flag is for salespeople: support agents send service surveys too
        partners = self.env["res.partner"].sudo().browse([vals["partner_id"] for vals in vals_list])
        partners.fetch(
            ["name", "commercial_partner_id", "email", "active", "customer_do_not_market"]
        )
        # records taken from ``partners`` keep its prefetch set: one query for all of them
        partner_of = {partner.id: partner for partner in partners}
        existing = {
            (invitation.commercial_partner_id.id, invitation.source_ref)
            for invitation in self.sudo().search(  # the guard must see colleagues' invitations
                [
                    ("survey_id", "=", survey.id),
                    ("source_ref", "in", [vals["source_ref"] for vals in vals_list]),
                ]
            )
            # a document is surveyed once; a customer by hand again once answered or closed
            if invitation.state in ("sent", "reminded")
            or not invitation.source_ref.startswith("res.partner,")
        }
        now = fields.Datetime.now()
        to_create = []
        for vals in vals_list:
            partner = partner_of[vals["partner_id"]]
            key = (partner.commercial_partner_id.id, vals["source_ref"])
            if key in existing:
                continue
            existing.add(key)
            reason = self._skip_reason(partner)
            to_create.append(
                dict(
                    vals,
                    survey_id=survey.id,
                    state="skipped" if reason else "sent",
                    skip_reason=reason,
                    sent_date=False if reason else now,
                )
            )
        sending = [vals for vals in to_create if vals["state"] == "sent"]
        # survey answers belong to the survey app: salespeople have no rights on them
        Answer = self.env["survey.user_input"]
        answers = Answer.sudo().create(
            [
                {
                    "survey_id": survey.id,
                    "partner_id": vals["partner_id"],
                    "email": partner_of[vals["partner_id"]].email,
                    "nickname": partner_of[vals["partner_id"]].name,
                    # attempts are counted per invitation: one answer each, and the
                    # customer surveyed again next year has a new one
                    "invite_token": Answer._generate_invite_token(),
                }
                for vals in sending
            ]
        )
        for vals, answer in zip(sending, answers, strict=True):
            vals["user_input_id"] = answer.id
        invitations = self.create(to_create)
        invitations.filtered(lambda i: i.state == "sent")._send_mail(
            "crm_satisfaction.mail_template_invitation"
        )
        return invitations

    def _send_mail(self, template_xmlid):
        if not self:
            return
        # our own template, rendered for records the caller may read
        template = self.env.ref(template_xmlid).sudo()
        template.send_mail_batch(self.ids)

    # ------------------------------------------------------------------ scheduled actions
    @api.model
    def _due_sources(self):
        """``[(model, id)]`` of the documents whose survey is due today and not yet sent."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT so.id
                  FROM sale_order so
                  JOIN res_company c ON c.id = so.company_id
                 WHERE so.state = 'sale'
                   -- a closed survey's documents wait off the work list until it reopens
                   AND EXISTS (SELECT 1 FROM survey_survey s
                                WHERE s.id = c.satisfaction_sales_survey_id AND s.active)
                   AND c.satisfaction_sales_delay > 0
                   AND %(due_from)s < %(now)s - make_interval(days => c.satisfaction_sales_delay)
                   AND %(due_from)s >= %(now)s
                       - make_interval(days => c.satisfaction_sales_delay + %(late)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM crm_satisfaction_invitation i
                         WHERE i.survey_id = c.satisfaction_sales_survey_id
                           AND i.source_ref = 'sale.order,' || so.id
                   )
                 ORDER BY so.id
                """,
                now=fields.Datetime.now(),
                late=LATE_SEND_DAYS,
                due_from=self._sales_due_from(),
            )
        )
        return [("sale.order", order_id) for (order_id,) in rows]

    @api.model
    def _sales_due_from(self):
        """When the delay of an order's survey starts, as SQL over ``so`` (the order) and
        ``c`` (its company): its confirmation; the stock bridge adds its delivery."""
        return SQL("so.date_order")

    @api.model
    def _cron_send_invitations(self):
        """Send the surveys that are due, in batches; a run killed half-way sends nothing twice
        when it runs again (the invitation is written with its mail)."""
        sources = self._due_sources()
        for batch in cron_batches(self.env, sources, BATCH_SIZE, CRON_CHUNK):
            ids_by_model = {}
            for model, record_id in batch:
                ids_by_model.setdefault(model, []).append(record_id)
            for model, ids in ids_by_model.items():
                records = self.env[model].browse(ids)
                for survey, vals_list in records._satisfaction_invitation_values().items():
                    try:
                        with self.env.cr.savepoint():
                            self._invite(survey, vals_list)
                    except UserError as error:
                        _logger.warning("Satisfaction surveys not sent: %s", error)

    @api.model
    def _cron_send_reminders(self):
        """One reminder per invitation still unanswered after the company's delay; invitations
        whose survey closed or whose customer left are cancelled with the reason."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT i.id
                  FROM crm_satisfaction_invitation i
                  JOIN res_company c ON c.id = i.company_id
                 WHERE i.state = 'sent'
                   AND c.satisfaction_reminder_delay > 0
                   AND i.sent_date < %s - make_interval(days => c.satisfaction_reminder_delay)
                 ORDER BY i.id
                """,
                fields.Datetime.now(),
            )
        )
        ids = [invitation_id for (invitation_id,) in rows]
        for batch in cron_batches(self.env, ids, BATCH_SIZE, CRON_CHUNK):
            invitations = self.browse(batch)
            closed = invitations.filtered(lambda i: not i.survey_id.active)
            closed.write({"state": "cancelled", "skip_reason": "survey_closed"})
            left = (invitations - closed).filtered(lambda i: self._skip_reason(i.partner_id))
            for reason, cancelled in left.grouped(
                lambda i: self._skip_reason(i.partner_id)
            ).items():
                cancelled.write({"state": "cancelled", "skip_reason": reason})
            due = invitations - closed - left
            due._send_mail("crm_satisfaction.mail_template_reminder")
            due.write({"state": "reminded", "reminder_date": fields.Datetime.now()})
