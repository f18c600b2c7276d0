from . import test_customer_dashboard
