import logging

from markupsafe import Markup

from odoo import api, fields, models, tools

from odoo.addons.crm_customer_core.models.cron_batches import cron_batches, run_isolated

_logger = logging.getLogger(__name__)

ACKNOWLEDGE_BATCH = 100
CRON_CHUNK = 20000


class CrmFeedbackTicket(models.Model):
    """A ticket's mail gateway: tickets opened and answered by e-mail, acknowledgements."""

    _inherit = "crm.feedback.ticket"

    # ------------------------------------------------------------------ messaging
    def _message_post_after_hook(self, message, msg_vals):
        """A public answer by an employee is the first response; a customer's comment on a
        ticket waiting for them (portal) moves it back to work."""
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        # partner_share: no internal user behind the author (read with the author, where
        # user_ids would be one more query per message); OdooBot's posts are nobody's answer
        internal = (
            bool(author)
            and not author.partner_share
            and author != self.env.ref("base.partner_root")
        )
        public = message.subtype_id == self.env.ref("mail.mt_comment")
        if internal and public and message.message_type in ("comment", "email"):
            self.filtered(
                lambda t: not t.first_response_date
            ).first_response_date = fields.Datetime.now()
        elif not internal and message.message_type == "comment" and public:
            # only the customer's own people count (not, say, the company's own address)
            self.filtered(
                lambda t: (
                    t.commercial_partner_id
                    and author.commercial_partner_id == t.commercial_partner_id
                )
            )._on_customer_reply()
        return result

    def _on_customer_reply(self):
        """A customer answered: back to work, or reopened when already closed."""
        back = self.filtered(lambda t: t.stage_type == "waiting" or t.is_closed)
        if back:
            back._move_to("progress")

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A ticket from an e-mail to a team's alias. The sender's contact is found (or created,
        unless the team refuses unknown senders: then the ticket is kept archived, refused)."""
        values = dict(custom_values or {})
        team = self.env["crm.feedback.team"].browse(values.get("team_id")).exists()
        email_from = msg_dict.get("email_from") or ""
        normalized = tools.email_normalize(email_from)
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        values.update(
            name=msg_dict.get("subject") or self.env._("(no subject)"),
            description=msg_dict.get("body"),
            channel="email",
            email_from=email_from,
        )
        if team:
            values.setdefault("company_id", team.company_id.id)
        if not normalized:
            values["description"] = Markup("<p><i>%s</i></p>") % self.env._(
                "This e-mail had no sender address: nobody can be answered."
            ) + Markup(msg_dict.get("body") or "")
        elif not partner and team.refuse_unknown_senders:
            refused = self.env.ref("crm_feedback.stage_closed", raise_if_not_found=False)
            values.update(active=False, refused=True, stage_id=refused.id if refused else False)
        elif not partner:
            partner = self.env["res.partner"].find_or_create(email_from)
            # The gateway posts the e-mail with msg_dict after this: as the new contact's
            # message, so the chatter says who wrote and they are not sent their e-mail back.
            msg_dict["author_id"] = partner.id
        if partner:
            values.update(partner_id=partner.commercial_partner_id.id, contact_id=partner.id)
        # The acknowledgement is rendered and queued by a follow-up job, in batches, right
        # after this transaction: the gateway (one e-mail at a time) does not wait for it.
        values["acknowledge_pending"] = bool(
            team.acknowledge and partner and not values.get("refused")
        )
        ticket = super(
            CrmFeedbackTicket,
            self.with_context(mail_create_nosubscribe=True),
        ).message_new(msg_dict, custom_values=values)
        if ticket.acknowledge_pending:
            self.env.ref("crm_feedback.ir_cron_acknowledge")._trigger()
        return ticket

    def message_update(self, msg_dict, update_vals=None):
        """A reply e-mail threads into its ticket (the gateway posts it after this); an
        auto-reply is kept on the ticket but changes nothing."""
        if not msg_dict.pop("crm_feedback_auto_submitted", False):
            # the gateway found the author just now; partner_share: not an employee's address
            author = self.env["res.partner"].browse(msg_dict.get("author_id"))
            if not author or author.partner_share:
                self._on_customer_reply()
        return super().message_update(msg_dict, update_vals=update_vals)

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        return [("email_normalized", "=", email_from_normalized)]

    @api.model
    def _is_blacklisted(self, normalized_email):
        # sudo: the blacklist is for marketing managers; only its yes/no answer is used
        return bool(
            normalized_email
            and self.env["mail.blacklist"]
            .sudo()
            .search_count([("email", "=", normalized_email)], limit=1)
        )

    @api.model
    def _cron_send_acknowledgements(self, batch_size=ACKNOWLEDGE_BATCH):
        """Acknowledge the tickets opened by e-mail since the last run, in batches; a ticket
        whose acknowledgement fails is skipped with a logged reason and the others go out.
        The pending flag is the guard: a run killed half-way sends nothing twice."""
        pending = self.search([("acknowledge_pending", "=", True)], order="id")
        done = 0
        for batch in cron_batches(self.env, pending, batch_size, CRON_CHUNK):
            done += len(
                run_isolated(
                    batch,
                    lambda tickets: tickets._send_acknowledgements(),
                    _logger,
                    "Ticket acknowledgement",
                )
            )
        return done

    def _send_acknowledgements(self):
        emails = {ticket: ticket.email_normalized for ticket in self}
        blacklisted = set(
            self.env["mail.blacklist"]
            .sudo()  # only the yes/no answer per address is used
            .search([("email", "in", [email for email in emails.values() if email])])
            .mapped("email")
        )
        refused = self.filtered(lambda t: emails[t] in blacklisted)
        refused._acknowledge(blacklisted=True)
        if self - refused:
            self.env.ref("crm_feedback.mail_template_ticket_received").send_mail_batch(
                (self - refused).ids,
                email_values={"headers": {"Auto-Submitted": "auto-replied"}},
            )
        self.write({"acknowledge_pending": False})

    def _acknowledge(self, blacklisted=False):
        """Send the ticket number to the customer (never to a blacklisted address, and marked
        as automatic so auto-responders do not answer it)."""
        template = self.env.ref("crm_feedback.mail_template_ticket_received")
        for ticket in self:
            if blacklisted:
                ticket._message_log(
                    body=self.env._("No acknowledgement sent: the address is blacklisted.")
                )
                continue
            template.send_mail(
                ticket.id,
                email_values={"headers": {"Auto-Submitted": "auto-replied"}},
            )

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for ticket in self:
            contact = ticket.contact_id or ticket.partner_id
            if contact and contact.email:
                ticket._message_add_suggested_recipient(
                    recipients, partner=contact, reason=self.env._("Customer")
                )
        return recipients
