from . import crm_competitor_winloss_report
