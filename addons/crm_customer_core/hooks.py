from .report.crm_customer_demand_facts import uninstall_demand_facts


def uninstall_hook(env):
    uninstall_demand_facts(env.cr)
