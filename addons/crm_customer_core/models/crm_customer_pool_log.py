from odoo import fields, models


class CrmCustomerPoolLog(models.Model):
    """Who took or gave up which customer, and when: the base of the daily claim limit and
    of the waiting period before a previous owner may claim the same customer again."""

    _name = "crm.customer.pool.log"
    _description = "Customer Pool Log"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Salesperson", required=True, index=True)
    action = fields.Selection(
        [
            ("claim", "Claimed"),
            ("release", "Released to pool"),
            ("return", "Returned by rule"),
            ("handover", "Handed over"),
            ("assign", "Assigned by a manager"),
        ],
        required=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    note = fields.Char()
