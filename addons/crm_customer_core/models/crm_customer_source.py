from odoo import models


class CrmCustomerSource(models.Model):
    _name = "crm.customer.source"
    _inherit = "crm.customer.option"
    _description = "Customer Information Source"
