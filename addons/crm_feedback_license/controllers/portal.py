from odoo.http import request

from odoo.addons.crm_feedback.controllers.portal import FeedbackPortal


class FeedbackLicensePortal(FeedbackPortal):
    """The customer names the license a problem is about when reporting it."""

    def _portal_customer_licenses(self):
        # sudo: portal users read licenses through record rules in the license portal; here
        # the search is bound to their own commercial entity and only names are shown
        commercial = request.env.user.partner_id.commercial_partner_id
        return (
            request.env["crm.software.license"]
            .sudo()
            .search(
                [("partner_id", "=", commercial.id), ("state", "!=", "draft")],
                order="date_start desc, id desc",
            )
        )

    def _portal_ticket_form_values(self):
        values = super()._portal_ticket_form_values()
        values["licenses"] = self._portal_customer_licenses()
        return values

    def _portal_ticket_values(self, partner, post):
        values = super()._portal_ticket_values(partner, post)
        license_id = post.get("license_id")
        if license_id and str(license_id).isdigit():
            # only one of the customer's own licenses; any other id is ignored
            licenses = self._portal_customer_licenses().filtered(
                lambda lic: lic.id == int(license_id)
            )
            values["license_id"] = licenses.id
        return values
