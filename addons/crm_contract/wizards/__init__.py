from . import crm_contract_reason
