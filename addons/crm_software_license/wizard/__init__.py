from . import crm_software_license_offline
