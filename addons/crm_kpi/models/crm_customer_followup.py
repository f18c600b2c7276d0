from odoo import api, fields, models


class CrmCustomerFollowup(models.Model):
    _inherit = "crm.customer.followup"

    kpi_on_time = fields.Boolean(
        string="On Time",
        readonly=True,
        copy=False,
        help="The customer was contacted by the date their contact cycle asked for.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"].browse([vals.get("partner_id") for vals in vals_list])
        # the due date before this follow-up moves it; read as sudo because the cycle's
        # fields are for salespeople and the creator may be a colleague logging a visit
        due = {
            partner.id: partner.sudo().customer_next_contact_date for partner in partners.exists()
        }
        followups = super().create(vals_list)
        for followup in followups:
            due_date = due.get(followup.partner_id.id)
            followup.kpi_on_time = bool(due_date) and followup.date.date() <= due_date
        return followups
