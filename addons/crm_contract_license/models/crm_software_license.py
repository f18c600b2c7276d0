from odoo import fields, models


class CrmSoftwareLicense(models.Model):
    _inherit = "crm.software.license"

    suspended_for_payment = fields.Boolean(
        string="Suspended for Payment",
        readonly=True,
        copy=False,
        help="Suspended because a payment of its contract is overdue: the payment that clears "
        "it reactivates the license. A license suspended by hand or revoked is never touched.",
    )

    def _suspension_reason(self):
        if self.suspended_for_payment:
            return "payment_overdue"
        return super()._suspension_reason()

    def action_activate(self):
        result = super().action_activate()
        self.write({"suspended_for_payment": False})
        return result

    def action_suspend(self):
        result = super().action_suspend()
        self.write({"suspended_for_payment": False})  # by hand now: stays until reactivated
        return result

    def _contract_license_announce(self, message):
        """Tell each contract's customer and salesperson about these licenses:
        ``message(env, values)`` words it, ``values`` holding the license numbers and the
        contract."""
        for order, licenses in self.grouped("sale_order_id").items():
            values = {
                "licenses": ", ".join(licenses.mapped("name")),
                "contract": order.contract_number or order.name,
            }
            order._contract_license_tell(lambda env, v=values: message(env, v))
