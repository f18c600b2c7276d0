from odoo import http
from odoo.http import request

from odoo.addons.crm_customer_core.controllers.xlsx import xlsx_response


class LicenseRegisterController(http.Controller):
    @http.route("/crm_software_license/register.xlsx", type="http", auth="user", readonly=True)
    def license_register_xlsx(self, **kw):
        """The license register as an Excel file, with the user's own access rules."""
        License = request.env["crm.software.license"]
        if not License.has_access("read"):
            return request.not_found()
        env = request.env
        states = dict(License._fields["state"]._description_selection(env))
        types = dict(License._fields["license_type"]._description_selection(env))
        headers = [
            env._("License Number"),
            env._("Customer"),
            env._("Product"),
            env._("Type"),
            env._("Status"),
            env._("Start Date"),
            env._("End Date"),
            env._("Maintenance Until"),
            env._("Seats"),
            env._("Seats in Use"),
            env._("Salesperson"),
            env._("Sale Order"),
        ]
        rows = [
            [
                lic.name,
                lic.partner_id.display_name,
                lic.product_id.display_name,
                types.get(lic.license_type, ""),
                states.get(lic.state, ""),
                lic.date_start,
                lic.date_end,
                lic.maintenance_end,
                lic.seats,
                lic.seats_used,
                lic.user_id.name,
                lic.sale_order_id.name,
            ]
            for lic in License.search([], order="name")
        ]
        return xlsx_response(
            "license_register.xlsx",
            env._("Licenses"),
            headers,
            rows,
            {5: "date", 6: "date", 7: "date"},
        )
