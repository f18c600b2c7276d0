from odoo import api, models


class CrmSatisfactionSend(models.TransientModel):
    _inherit = "crm.satisfaction.send"

    @api.model
    def _source_models(self):
        return (*super()._source_models(), "crm.feedback.ticket")

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        if self.env.context.get("active_model") == "crm.feedback.ticket":
            values["satisfaction_type"] = "service"
            values["survey_id"] = self._default_survey("service").id
        return values
