from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmContractReason(models.TransientModel):
    """The reason asked when a quotation's approval is refused or a contract's acceptance
    rejected: written to the contract and its chatter."""

    _name = "crm.contract.reason"
    _description = "Contract Refusal Reason"

    order_ids = fields.Many2many("sale.order", string="Contracts")
    mode = fields.Selection(
        [("refuse_approval", "Refuse approval"), ("reject_acceptance", "Reject acceptance")],
        required=True,
    )
    reason = fields.Text(required=True)

    @api.model
    def _open(self, orders, mode):
        return {
            "type": "ir.actions.act_window",
            "name": dict(self._fields["mode"]._description_selection(self.env))[mode],
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": orders.ids, "default_mode": mode},
        }

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why."))
        if self.mode == "refuse_approval":
            self.order_ids._contract_refuse(reason)
        else:
            self.order_ids._contract_reject_acceptance(reason)
        return {"type": "ir.actions.act_window_close"}
