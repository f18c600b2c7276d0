from . import test_contract_license
