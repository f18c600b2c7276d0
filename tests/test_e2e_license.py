"""A license sold and activated through a real client (XML-RPC), seen by the right people."""

import uuid
import xmlrpc.client

import pytest
from test_e2e_customer_file import REFUSED


def test_license_from_sale_to_activation(admin, rpc_as):
    tag = uuid.uuid4().hex[:6]
    sales = admin("ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman")[1]
    logins = {}
    for who in ("seller", "colleague"):
        login = f"lic_{who}_{tag}"
        admin(
            "res.users",
            "create",
            {
                "name": login,
                "login": login,
                "password": login,
                "email": f"{login}@example.com",
                "groups_id": [(6, 0, [sales])],
            },
        )
        logins[who] = rpc_as(login, login)
    seller, colleague = logins["seller"], logins["colleague"]
    product = admin(
        "product.product",
        "create",
        {
            "name": f"E2E suite {tag}",
            "type": "service",
            "list_price": 500,
            "is_software_license": True,
            "license_type": "subscription",
            "license_duration_months": 12,
            "license_seats_per_unit": 5,
        },
    )
    customer = seller(
        "res.partner",
        "create",
        {"name": f"E2E licensee {tag}", "is_company": True, "user_id": seller.uid},
        context={"crm_customer_file": True},
    )
    order = seller(
        "sale.order",
        "create",
        {
            "partner_id": customer,
            "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2})],
        },
    )
    seller("sale.order", "action_confirm", [order])
    licenses = seller(
        "crm.software.license",
        "search_read",
        [("sale_order_id", "=", order)],
        fields=["name", "seats", "state", "date_end"],
    )
    assert len(licenses) == 1
    assert licenses[0]["seats"] == 10 and licenses[0]["state"] == "active"
    assert licenses[0]["date_end"]
    assert colleague("crm.software.license", "search", [("id", "=", licenses[0]["id"])]) == []
    with pytest.raises(xmlrpc.client.Fault, match=REFUSED):
        colleague("crm.software.license", "read", [licenses[0]["id"]], ["name"])
