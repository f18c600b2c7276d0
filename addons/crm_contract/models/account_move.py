from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    contract_milestone_ids = fields.Many2many(
        "crm.contract.milestone",
        "crm_contract_milestone_account_move_rel",
        "move_id",
        "milestone_id",
        string="Contract Milestones",
        copy=False,
        readonly=True,
    )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """A credit note of a milestone's invoice belongs to the milestone too: what it
        refunds is no longer invoiced, nor received once paid back."""
        reversals = super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)
        for reversal in reversals:
            milestones = reversal.reversed_entry_id.contract_milestone_ids
            if milestones:
                milestones.with_context(crm_contract_invoicing=True).write(
                    {"invoice_ids": [fields.Command.link(reversal.id)]}
                )
        return reversals
