import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")


def is_auto_submitted(message):
    """RFC 3834 ``Auto-Submitted`` (anything but ``no``), the usual vendor headers, and bulk
    precedence: mail that a robot sent, which must not open a ticket nor be answered."""
    auto = (message.get("Auto-Submitted") or "no").strip().lower()
    precedence = (message.get("Precedence") or "").strip().lower()
    return (
        auto != "no"
        or any(message.get(header) for header in AUTO_REPLY_HEADERS)
        or precedence in ("auto_reply", "bulk", "junk", "list")
    )


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        routes = super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )
        if not is_auto_submitted(message):
            return routes
        kept = [r for r in routes if not (r[0] == "crm.feedback.ticket" and not r[1])]
        if kept and all(r[0] == "crm.feedback.ticket" for r in kept):
            # read (and removed) by the ticket's message_update, before the gateway posts
            message_dict["crm_feedback_auto_submitted"] = True
        if len(kept) != len(routes):
            _logger.info(
                "Automatic e-mail %s from %s opens no feedback ticket",
                message_dict.get("message_id"),
                message_dict.get("email_from"),
            )
        return kept
