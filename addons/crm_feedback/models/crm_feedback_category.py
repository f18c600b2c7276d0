from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmFeedbackCategory(models.Model):
    _name = "crm.feedback.category"
    _description = "Feedback Category"
    _parent_store = True
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "name"]
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("crm.feedback.category", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm.feedback.category", "parent_id")
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            category.complete_name = (
                f"{category.parent_id.complete_name} / {category.name}"
                if category.parent_id
                else category.name
            )

    @api.depends("name", "parent_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The full path in the reader's language: the stored ``complete_name`` holds the
        names in the language it was computed in, and serves sorting and searching only."""
        chains = {
            category: [int(i) for i in (category.parent_path or "").split("/") if i]
            for category in self
        }
        ancestors = self.browse({i for chain in chains.values() for i in chain})
        names = {ancestor.id: ancestor.name for ancestor in ancestors}
        for category, chain in chains.items():
            if chain and chain[-1] == category.id:
                category.display_name = " / ".join(names[i] for i in chain)
            else:  # not saved yet
                parent = category.parent_id.display_name
                category.display_name = f"{parent} / {category.name}" if parent else category.name

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be its own parent."))
