from . import crm_contract_receivable_report
from . import crm_contract_receipt
