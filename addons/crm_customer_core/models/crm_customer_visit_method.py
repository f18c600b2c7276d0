from odoo import models


class CrmCustomerVisitMethod(models.Model):
    _name = "crm.customer.visit.method"
    _inherit = "crm.customer.option"
    _description = "Customer Visit Method"
