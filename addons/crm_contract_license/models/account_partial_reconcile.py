from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """A payment reconciled with a contract's invoice (registered, or from a bank
        statement) reactivates at once the licenses its overdue payment had suspended."""
        partials = super().create(vals_list)
        moves = partials.debit_move_id.move_id | partials.credit_move_id.move_id
        orders = moves.contract_milestone_ids.order_id
        if orders:
            orders._contract_license_release()
        return partials
