from odoo import api, fields, models
from odoo.exceptions import ValidationError

PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]


class CrmFeedbackSla(models.Model):
    """Hours to first response and to resolution, in the team's working hours, for the
    tickets matching its filters; the first matching policy (by sequence) applies."""

    _name = "crm.feedback.sla"
    _description = "Feedback SLA Policy"
    _order = "team_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    team_id = fields.Many2one("crm.feedback.team", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    priority = fields.Selection(
        PRIORITIES,
        string="Minimum Priority",
        help="Applies to tickets of this priority or higher; empty for all.",
    )
    category_ids = fields.Many2many(
        "crm.feedback.category",
        string="Categories",
        help="Applies to tickets of these categories (and their sub-categories); empty for all.",
    )
    hours_first_response = fields.Float(string="First Response (working hours)", default=4)
    hours_resolution = fields.Float(string="Resolution (working hours)", default=24)

    @api.constrains("hours_first_response", "hours_resolution")
    def _check_hours(self):
        for sla in self:
            if sla.hours_first_response <= 0 or sla.hours_resolution <= 0:
                raise ValidationError(self.env._("SLA hours must be positive."))
            if sla.hours_first_response > sla.hours_resolution:
                raise ValidationError(
                    self.env._("The first response cannot be due after the resolution.")
                )

    def _matches(self, ticket):
        self.ensure_one()
        if self.priority and int(ticket.priority or 0) < int(self.priority):
            return False
        if self.category_ids:
            allowed = self.env["crm.feedback.category"].search(
                [("id", "child_of", self.category_ids.ids)]
            )
            if ticket.category_id not in allowed:
                return False
        return True
