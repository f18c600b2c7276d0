{
    "name": "CRM KPI and Contracts",
    "summary": "KPI metrics from contracts: money received (回款额) and overdue receivables per "
    "salesperson and period",
    "version": "18.0.1.0.0",
    "category": "Human Resources/KPI",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_kpi", "crm_contract"],
    "data": ["data/crm_kpi_contract_data.xml"],
    "auto_install": True,
    "installable": True,
}
