"""A model only the tests of the shared helpers define (loaded by odoo-test-helper)."""

import logging

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.cron_batches import cron_batches, run_isolated
from ..models.recipient_language import in_recipient_language

_logger = logging.getLogger(__name__)


class CrmTestBatchItem(models.Model):
    _name = "crm.test.batch.item"
    _description = "Batched item (tests)"

    name = fields.Char()
    user_id = fields.Many2one("res.users")
    done_count = fields.Integer()
    broken = fields.Boolean()
    note = fields.Char()

    def _cron_mark_done(self, batch_size, chunk):
        """A batched action as the suite writes them: only what is still to do."""
        todo = self.search([("done_count", "=", 0)], order="id").ids
        for batch in cron_batches(self.env, todo, batch_size, chunk):
            self.browse(batch)._mark_done()

    def _mark_done(self):
        if any(self.mapped("broken")):
            raise UserError(self.env._("This item is broken."))
        for item in self:
            item.done_count += 1
        return True

    def _write_notes(self):
        for group in in_recipient_language(self, lambda item: item.user_id):
            group.note = group.env.lang
        return True

    def _mark_isolated(self):
        return run_isolated(self, lambda records: records._mark_done(), _logger, "Test items")


class CrmTestPartner(models.Model):
    """An addon of its own extending the 360° summary and adding a health signal, the way
    the suite's addons do, through the extension points only."""

    _inherit = "res.partner"

    def _get_customer_360_summary(self):
        return super()._get_customer_360_summary() + [("Test figure", 42)]

    def _customer_health_test_signal(self, today, rows):
        sick = self.browse(list(rows)).filtered(lambda partner: partner.name.startswith("Sick"))
        return {partner.id: (0, {"since": str(today)}) for partner in sick}

    def _customer_health_reason_test_signal(self, params):
        return f"sick since {params['since']}"  # test code: no translation
