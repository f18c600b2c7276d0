from odoo import models


class CrmCustomerPurchaseExpectation(models.Model):
    _name = "crm.customer.purchase.expectation"
    _inherit = "crm.customer.option"
    _description = "Customer Purchase Expectation"
