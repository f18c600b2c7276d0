import functools
import subprocess

from odoo import models

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin


@functools.cache
def wkhtmltopdf_prints_headers():
    """Whether the installed wkhtmltopdf prints the layout's header and footer: only its
    "patched qt" builds do (Debian's, among others, silently leaves them out)."""
    binary = _get_wkhtmltopdf_bin()
    if not binary:
        return True  # no PDF at all: the HTML preview shows the header
    try:
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return "patched qt" in version


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        values = super()._get_rendering_context(report, docids, data)
        # the suite's reports print the company's letterhead in the page itself where the
        # PDF engine would drop the layout's header (see crm_customer_core.report_letterhead)
        values["crm_letterhead_in_page"] = not wkhtmltopdf_prints_headers()
        return values
