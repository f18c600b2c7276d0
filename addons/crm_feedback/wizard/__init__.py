from . import crm_feedback_ticket_merge
