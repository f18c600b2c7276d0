from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


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
        ["/my/licenses", "/my/licenses/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_licenses(
        self, page=1, sortby="date_end", filterby="all", search=None, search_in="name", **kw
    ):
        License = request.env["crm.software.license"]
        sortings, filters, inputs = self._license_searchbar()
        sortby = sortby if sortby in sortings else "date_end"
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND([self._license_domain(), filters[filterby]["domain"]])
        if search:
            field = "product_id" if search_in == "product" else "name"
            domain = expression.AND([domain, [(field, "ilike", search)]])
        pager = portal_pager(
            url="/my/licenses",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=License.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        licenses = License.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_licenses_history"] = licenses.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the records come from the search under the user's rules; their
                # product names need no access to products
                "licenses": licenses.sudo(),
                "page_name": "license",
                "pager": pager,
                "default_url": "/my/licenses",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return request.render("crm_software_license.portal_my_licenses", values)

    @http.route(["/my/licenses/<int:license_id>"], type="http", auth="public", website=True)
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

    @http.route(
        ["/my/licenses/<int:license_id>/offline"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_license_offline(self, license_id, machine_code=None, **kw):
        try:
            license_sudo = self._document_check_access("crm.software.license", license_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not self._owns_license(license_sudo):
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
