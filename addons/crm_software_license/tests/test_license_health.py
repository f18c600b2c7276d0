from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import LicenseCase


@tagged("post_install", "-at_install")
class TestLicenseHealth(LicenseCase):
    def test_licenses_ending_without_renewal_lower_the_health(self):
        license_ = self._sold_license(self.customer, self.subscription, 2)
        today = date.today()
        license_.write(
            {
                "date_start": today - relativedelta(years=1),
                "date_end": today + relativedelta(days=10),
            }
        )
        customers = self.customer | self.customer_2
        customers._customer_health_compute(today)
        self.assertEqual(
            self.customer.customer_health_detail["licenses"], [50, {"expired": 0, "soon": 1}]
        )
        self.assertIn(
            "Licenses ending within 30 days without renewal: 1",
            self.customer.customer_health_reasons,
        )
        self.assertNotIn("licenses", self.customer_2.customer_health_detail)
        # renewed: no longer a problem
        renewal = license_._create_renewal_orders()
        renewal.action_confirm()
        customers._customer_health_compute(today)
        self.assertNotIn("licenses", self.customer.customer_health_detail)
