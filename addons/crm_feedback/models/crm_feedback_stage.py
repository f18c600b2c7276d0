from odoo import fields, models


class CrmFeedbackStage(models.Model):
    _name = "crm.feedback.stage"
    _description = "Feedback Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(
        string="Closing Stage", help="Tickets in this stage count as done and leave the SLA."
    )
    stage_type = fields.Selection(
        [
            ("new", "New"),
            ("progress", "In Progress"),
            ("waiting", "Waiting for Customer"),
            ("solved", "Solved"),
            ("closed", "Closed"),
        ],
        string="Meaning",
        required=True,
        default="progress",
        help="What the stage means to the automations: a customer reply moves a ticket "
        "waiting for the customer back to the first 'In Progress' stage; tickets waiting "
        "too long are closed in the first 'Closed' stage.",
    )
    description = fields.Text(translate=True)
