from odoo import api, fields, models

from odoo.addons.crm_customer_core.models.recipient_language import in_recipient_language

NPS_CLASSES = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]
NPS_POINTS = {"promoter": 100.0, "passive": 0.0, "detractor": -100.0}


def nps_class(value):
    if value >= 9:
        return "promoter"
    return "passive" if value >= 7 else "detractor"


class CrmSatisfactionResponse(models.Model):
    """A completed satisfaction survey of one customer, with its scores (0-100)."""

    _name = "crm.satisfaction.response"
    _description = "Satisfaction Response"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _mail_post_access = "read"

    partner_id = fields.Many2one(
        "res.partner", string="Answered By", required=True, ondelete="restrict"
    )
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict"
    )
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, tracking=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    survey_id = fields.Many2one("survey.survey", required=True, ondelete="restrict")
    survey_title = fields.Char(related="survey_id.title", string="Survey Title")
    satisfaction_type = fields.Selection(
        [("sales", "Sales satisfaction"), ("service", "Service satisfaction")],
        string="Type",
        required=True,
        index=True,
    )
    source_ref = fields.Char(string="Document Reference", index="btree_not_null")
    source_document = fields.Reference(
        selection="_selection_source_ref", string="About", compute="_compute_source_document"
    )
    sale_order_id = fields.Many2one("sale.order", index="btree_not_null", ondelete="set null")
    invitation_id = fields.Many2one("crm.satisfaction.invitation", ondelete="set null")
    user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", required=True, ondelete="restrict"
    )
    comment = fields.Text(
        string="Customer's Comment", compute="_compute_comment", compute_sudo=True
    )
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    score = fields.Float(aggregator="avg", digits=(5, 1), help="Weighted score from 0 to 100.")
    nps_value = fields.Integer(string="Recommendation (0-10)", aggregator="avg")
    nps_class = fields.Selection(NPS_CLASSES, string="NPS Group")
    is_low = fields.Boolean(
        string="Low Score", index=True, help="Below the company's threshold, or a detractor."
    )
    line_ids = fields.One2many("crm.satisfaction.response.line", "response_id", string="Items")

    _sql_constraints = [
        ("user_input_uniq", "unique(user_input_id)", "This survey answer is already recorded."),
    ]

    @api.model
    def _selection_source_ref(self):
        return self.env["crm.satisfaction.invitation"]._selection_source_ref()

    @api.depends("source_ref")
    def _compute_source_document(self):
        for response in self:
            response.source_document = response.source_ref

    @api.depends("commercial_partner_id", "survey_id")
    def _compute_display_name(self):
        for response in self:
            response.display_name = (
                f"{response.commercial_partner_id.name} - {response.survey_title}"
            )

    # ------------------------------------------------------------------ scoring
    @api.model
    def _create_from_user_inputs(self, answers):
        """Score completed survey answers into responses; a constant number of queries
        whatever the number of answers and items.

        :param answers: ``survey.user_input`` records just marked done
        """
        already = set(self.search([("user_input_id", "in", answers.ids)]).user_input_id.ids)
        answers = answers.filtered(lambda a: a.id not in already)
        invitations = self.env["crm.satisfaction.invitation"].search(
            [("user_input_id", "in", answers.ids)]
        )
        invitation_of = {invitation.user_input_id.id: invitation for invitation in invitations}
        # prefetch every line, question and suggested answer at once
        lines = answers.user_input_line_ids
        questions = lines.question_id
        questions.fetch(
            ["question_type", "scale_min", "scale_max", "satisfaction_weight", "satisfaction_nps"]
        )
        questions.suggested_answer_ids.fetch(["answer_score", "value"])
        lines.suggested_answer_id.fetch(["answer_score", "value"])
        vals_list = []
        for answer in answers:
            invitation = invitation_of.get(answer.id)
            # one response per invitation: an answer made another way (Odoo's "Take again",
            # a shared link, a crafted request) scores nothing, whoever sends it
            if not invitation or invitation.response_id:
                continue
            partner = invitation.partner_id
            vals = self._response_values(answer, partner, invitation)
            vals.update(self._score_values(answer, vals["company_id"]))
            vals_list.append(vals)
        # made by the system when the customer answers: no "created" note in their language
        responses = self.with_context(mail_create_nolog=True).create(vals_list)
        responses.line_ids._copy_answer_translations()
        for response in responses:
            if response.invitation_id:
                response.invitation_id.write({"state": "done", "response_id": response.id})
        responses.filtered("is_low")._close_the_loop()
        return responses

    def _response_values(self, answer, partner, invitation):
        customer = partner.commercial_partner_id
        order = invitation.sale_order_id if invitation else self.env["sale.order"]
        user = (invitation and invitation.user_id) or customer.user_id
        team = (invitation and invitation.team_id) or user.sale_team_id
        company = (invitation and invitation.company_id) or customer.company_id or self.env.company
        return {
            "partner_id": partner.id,
            "commercial_partner_id": customer.id,
            "user_id": user.id,
            "team_id": team.id,
            "company_id": company.id,
            "survey_id": answer.survey_id.id,
            "satisfaction_type": answer.survey_id.satisfaction_type,
            "source_ref": invitation.source_ref if invitation else False,
            "sale_order_id": order.id,
            "invitation_id": invitation.id if invitation else False,
            "user_input_id": answer.id,
            "date": answer.end_datetime or fields.Datetime.now(),
        }

    def _score_values(self, answer, company_id):
        """The item lines and the weighted overall score of one survey answer."""
        line_vals = []
        total = weights = 0.0
        nps = {}
        for line in answer.user_input_line_ids:
            question = line.question_id
            if line.skipped or not question:
                continue
            score_range = question._satisfaction_score_range()
            if score_range is None:
                continue
            choice = line.suggested_answer_id
            if question.question_type == "scale":
                raw, value, label = line.value_scale, line.value_scale, str(line.value_scale)
            elif choice:
                raw, label = choice.answer_score, choice.value
                value = question.suggested_answer_ids.sorted("sequence").ids.index(choice.id) + 1
            else:
                continue
            score = question._satisfaction_normalise(raw, score_range)
            weight = question.satisfaction_weight
            item = {
                "question_id": question.id,
                "category_id": question.satisfaction_category_id.id,
                "answer_id": choice.id,
                "answer_value": value,
                "answer_label": label,  # in every language below, once the lines exist
                "score": score,
                "weight": weight,
            }
            if question.satisfaction_nps:
                item["nps_class"] = nps_class(line.value_scale)
                item["nps_points"] = NPS_POINTS[item["nps_class"]]
                nps = {"nps_value": line.value_scale, "nps_class": item["nps_class"]}
            line_vals.append(fields.Command.create(item))
            total += score * weight
            weights += weight
        score = round(total / weights, 1) if weights else 0.0
        threshold = self.env["res.company"].browse(company_id).satisfaction_threshold
        return dict(
            nps,
            line_ids=line_vals,
            score=score,
            is_low=bool(weights) and score < threshold or nps.get("nps_class") == "detractor",
        )

    # ------------------------------------------------------------------ closing the loop
    def _close_the_loop(self):
        """A low score is a call to make: an activity for the salesperson or the team leader."""
        activity_type = self.env.ref("crm_satisfaction.mail_activity_type_low_score")
        # the summary in the language of who makes the call, not of the customer's request
        for responses in in_recipient_language(self, lambda response: response._followup_user()):
            for response in responses:
                response.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=response._followup_user().id,
                    summary=responses.env._(
                        "Call %(customer)s: satisfaction %(score)s/100",
                        customer=response.commercial_partner_id.name,
                        score=round(response.score),
                    ),
                )

    @api.depends("user_input_id.user_input_line_ids.value_text_box")
    def _compute_comment(self):
        """What the customer wrote in their own words, shown with their scores."""
        for response in self:
            texts = response.user_input_id.user_input_line_ids.filtered(
                lambda line: line.answer_type in ("text_box", "char_box") and not line.skipped
            )
            response.comment = "\n\n".join(
                filter(None, (line.value_text_box or line.value_char_box for line in texts))
            )

    def _followup_user(self):
        self.ensure_one()
        if self.company_id.satisfaction_followup_assignee == "team_leader" and self.team_id.user_id:
            return self.team_id.user_id
        return self.user_id or self.team_id.user_id or self.env.ref("base.user_admin")

    def action_view_survey_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.user_input_id.get_print_url(),
            "target": "new",
        }
