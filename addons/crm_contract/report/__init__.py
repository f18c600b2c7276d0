from . import crm_contract_receivable_report
