from . import test_satisfaction_stock
