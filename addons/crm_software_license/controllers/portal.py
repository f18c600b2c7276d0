from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.crm_customer_core.controllers.portal_list import portal_list
from odoo.addons.portal.controllers.portal import CustomerPortal


class LicensePortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "license_count" in counters:
            License = request.env["crm.software.license"]
            values["license_count"] = (
                License.search_count(self._license_domain()) if License.has_access("read") else 0
            )
        return values

    def _license_domain(self):
        partner = request.env.user.partner_id
        return [
            ("partner_id", "=", partner.commercial_partner_id.id),
            ("state", "!=", "draft"),
        ]

    def _license_searchbar(self):
        env = request.env
        sortings = {
            "date_end": {"label": env._("End Date"), "order": "date_end asc, id desc"},
            "name": {"label": env._("License Number"), "order": "name"},
            "date_start": {"label": env._("Start Date"), "order": "date_start desc, id desc"},
        }
        filters = {
            "all": {"label": env._("All"), "domain": []},
            "active": {"label": env._("Active"), "domain": [("state", "=", "active")]},
            "expired": {"label": env._("Expired"), "domain": [("state", "=", "expired")]},
        }
        inputs = {
            "name": {"input": "name", "label": env._("Search in License Number"), "sequence": 10},
            "product": {"input": "product", "label": env._("Search in Product"), "sequence": 20},
        }
        return sortings, filters, inputs

    @http.route(
        ["/my/licenses", "/my/licenses/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,  # a list to read: served by a replica when there is one
    )
    def portal_my_licenses(self, **kw):
        licenses, values = portal_list(
            self,
            "crm.software.license",
            "/my/licenses",
            self._license_domain(),
            self._license_searchbar(),
            {"name": "name", "product": "product_id"},
            "my_licenses_history",
            **kw,
        )
        # sudo: the records come from the search under the user's rules; their product names
        # need no access to products
        values.update(licenses=licenses.sudo(), page_name="license")
        return request.render("crm_software_license.portal_my_licenses", values)

    @http.route(
        ["/my/licenses/<int:license_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=True,  # the page and its certificate only read: a replica serves them
    )
    def portal_my_license(
        self, license_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            license_sudo = self._document_check_access(
                "crm.software.license", license_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=license_sudo,
                report_type=report_type,
                report_ref="crm_software_license.action_report_license_certificate",
                download=download,
            )
        values = {
            "license": license_sudo,
            "page_name": "license",
            "can_activate_offline": self._owns_license(license_sudo),
            "offline_error": request.session.pop("license_offline_error", None),
            "offline_message": request.session.pop("license_offline_message", None),
        }
        values = self._get_page_view_values(
            license_sudo, access_token, values, "my_licenses_history", False, **kw
        )
        return request.render("crm_software_license.portal_my_license", values)

    @staticmethod
    def _owns_license(license_sudo):
        """Offline activation takes a seat: only a logged-in user of the customer may do it,
        not whoever holds a shared link."""
        user = request.env.user
        return not user._is_public() and (
            license_sudo.partner_id == user.partner_id.commercial_partner_id
            or user.has_group("sales_team.group_sale_salesman")
            and license_sudo.with_user(user).has_access("read")
        )

    def _owned_license(self, license_id):
        """The license (sudo) when the logged-in user's company owns it, else an empty
        recordset: seat changes are for the customer, not for whoever holds a link."""
        try:
            license_sudo = self._document_check_access("crm.software.license", license_id)
        except (AccessError, MissingError):
            return request.env["crm.software.license"]
        return license_sudo if self._owns_license(license_sudo) else license_sudo.browse()

    @http.route(
        ["/my/licenses/<int:license_id>/offline"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_license_offline(self, license_id, machine_code=None, **kw):
        license_sudo = self._owned_license(license_id)
        if not license_sudo:
            return request.redirect("/my")
        try:
            # sudo: the portal user has no write access to activations; ownership is checked
            # above and _activate_seat enforces the state and the seat count
            with request.env.cr.savepoint():
                filename, content = license_sudo._offline_activation_file(
                    machine_code or "", user_name=request.env.user.name
                )
        except UserError as error:
            request.session["license_offline_error"] = error.args[0]
            return request.redirect(f"/my/licenses/{license_id}")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/json"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route(
        ["/my/licenses/<int:license_id>/release"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_license_release(self, license_id, activation_id=None, **kw):
        """The customer frees the seat of one of their machines (a retired computer)."""
        license_sudo = self._owned_license(license_id)
        if not license_sudo:
            return request.redirect("/my")
        # the activation is looked up among this license's own, whose ownership is checked
        # above: an id of another license's activation finds nothing
        activation = license_sudo.activation_ids.filtered(
            lambda act: str(act.id) == str(activation_id)
        )
        if not activation:
            request.session["license_offline_error"] = request.env._(
                "This machine holds no seat of license %s.", license_sudo.name
            )
            return request.redirect(f"/my/licenses/{license_id}")
        license_sudo._deactivate_seat(activation.fingerprint)
        user = request.env.user
        license_sudo.message_post(
            body=request.env._(
                "Seat of machine %(machine)s released by %(user)s on the portal.",
                machine=activation.fingerprint,
                user=user.name,
            ),
            author_id=user.partner_id.id,
        )
        request.session["license_offline_message"] = request.env._(
            "The seat of %s is free again.", activation.fingerprint
        )
        return request.redirect(f"/my/licenses/{license_id}")
