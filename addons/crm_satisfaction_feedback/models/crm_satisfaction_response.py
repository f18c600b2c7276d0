from markupsafe import Markup

from odoo import fields, models


class CrmSatisfactionResponse(models.Model):
    _inherit = "crm.satisfaction.response"

    ticket_id = fields.Many2one("crm.feedback.ticket", index="btree_not_null", ondelete="set null")
    ticket_user_id = fields.Many2one(
        related="ticket_id.user_id", string="Support Agent", store=True
    )
    followup_ticket_id = fields.Many2one(
        "crm.feedback.ticket", string="Follow-up Ticket", readonly=True, ondelete="set null"
    )

    def _response_values(self, answer, partner, invitation):
        values = super()._response_values(answer, partner, invitation)
        values["ticket_id"] = invitation.ticket_id.id if invitation else False
        return values

    def _close_the_loop(self):
        """With the feedback addon, a low score also opens a ticket quoting the answers."""
        result = super()._close_the_loop()
        for response in self.filtered(lambda r: r.company_id.satisfaction_low_score_ticket):
            customer = response.commercial_partner_id
            # created by the survey's answer (public user): the ticket is the company's
            ticket = (
                self.env["crm.feedback.ticket"]
                .sudo()
                .create(
                    {
                        "name": customer.name,
                        "partner_id": customer.id,
                        "contact_id": response.partner_id.id,
                        "company_id": response.company_id.id,
                        "channel": "other",
                        "priority": "2",
                        "satisfaction_origin_id": response.id,
                    }
                )
            )
            # title and quote in the language of who works on it (its assignee, else the
            # company's), not of the customer's request
            reader_lang = ticket.user_id.lang or response.company_id.partner_id.lang
            written = response.with_context(lang=reader_lang or self.env.lang)
            ticket.write(
                {
                    "name": written.env._(
                        "Low satisfaction: %(customer)s (%(score)s/100)",
                        customer=customer.name,
                        score=round(response.score),
                    ),
                    "description": written._answers_html(),
                }
            )
            response.followup_ticket_id = ticket
        return result

    def _answers_html(self):
        """The answers quoted for the follow-up ticket."""
        self.ensure_one()
        rows = Markup("").join(
            Markup("<li>%s: <b>%s</b> (%s/100)</li>")
            % (line.question_id.title, line.answer_label, round(line.score))
            for line in self.line_ids
        )
        comments = self.user_input_id.user_input_line_ids.filtered(
            lambda line: line.answer_type in ("text_box", "char_box") and not line.skipped
        )
        quoted = Markup("").join(
            Markup("<blockquote>%s</blockquote>") % (line.value_text_box or line.value_char_box)
            for line in comments
        )
        return Markup("<p>%s</p><ul>%s</ul>%s") % (
            self.env._(
                "%(survey)s answered on %(date)s, score %(score)s/100:",
                survey=self.survey_title,
                date=fields.Date.to_string(self.date.date()),
                score=round(self.score),
            ),
            rows,
            quoted,
        )
