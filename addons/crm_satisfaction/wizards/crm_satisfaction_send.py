from odoo import api, fields, models
from odoo.exceptions import UserError

SOURCE_MODELS = ("res.partner", "sale.order")


class CrmSatisfactionSend(models.TransientModel):
    """Send a satisfaction survey by hand to the selected customers, orders (or tickets)."""

    _name = "crm.satisfaction.send"
    _description = "Send Satisfaction Survey"

    satisfaction_type = fields.Selection(
        [("sales", "Sales satisfaction"), ("service", "Service satisfaction")],
        string="Type",
        required=True,
        default="sales",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        default=lambda self: self._default_survey("sales"),
        required=True,
        domain="[('satisfaction_type', '=', satisfaction_type)]",
    )
    survey_title = fields.Char(related="survey_id.title")
    source_model = fields.Char(default=lambda self: self._default_source_model())
    source_ids = fields.Json(default=lambda self: self.env.context.get("active_ids") or [])
    source_count = fields.Integer(compute="_compute_source_count", string="Recipients")

    @api.model
    def _source_models(self):
        return SOURCE_MODELS

    @api.model
    def _default_source_model(self):
        model = self.env.context.get("active_model")
        return model if model in self._source_models() else False

    @api.onchange("satisfaction_type")
    def _onchange_satisfaction_type(self):
        self.survey_id = self._default_survey(self.satisfaction_type)

    @api.model
    def _default_survey(self, satisfaction_type):
        """The company's template of that type, else the first one."""
        survey = self.env.company._satisfaction_survey(satisfaction_type)
        # salespeople need not be survey users to send the company's template
        return survey or self.env["survey.survey"].sudo().search(
            [("satisfaction_type", "=", satisfaction_type)], limit=1
        )

    @api.depends("source_ids")
    def _compute_source_count(self):
        for wizard in self:
            wizard.source_count = len(wizard.source_ids or [])

    def action_send(self):
        self.ensure_one()
        if self.source_model not in self._source_models() or not self.source_ids:
            raise UserError(self.env._("Select the customers or documents to survey first."))
        records = self.env[self.source_model].browse(self.source_ids).exists()
        records.check_access("read")
        # the company's template, read to build the invitations; the invitations themselves
        # are created as the user, under their record rules
        survey = self.survey_id.sudo()
        Invitation = self.env["crm.satisfaction.invitation"]
        invitations = Invitation.browse()
        for vals_survey, vals_list in records._satisfaction_invitation_values(survey).items():
            invitations |= Invitation._invite(vals_survey, vals_list)
        sent = invitations.filtered(lambda i: i.state == "sent")
        skipped = invitations - sent
        reasons = dict(Invitation._fields["skip_reason"]._description_selection(self.env))
        details = [
            self.env._(
                "%(customer)s: %(reason)s",
                customer=i.partner_id.name,
                reason=reasons[i.skip_reason],
            )
            for i in skipped
        ]
        if not sent:
            if not invitations:
                raise UserError(
                    self.env._(
                        "These customers have already been sent this survey "
                        "about the same document."
                    )
                )
            # nothing could go out: say why, and keep no trace of the attempt
            raise UserError(self.env._("The survey cannot be sent.") + "\n" + "\n".join(details))
        message = self.env._("%(count)s survey(s) sent.", count=len(sent))
        if details:
            message += " " + self.env._("Not sent:") + " " + "; ".join(details)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if skipped else "success",
                "message": message,
                "sticky": bool(skipped),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
