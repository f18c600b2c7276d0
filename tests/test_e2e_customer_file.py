"""A salesperson's day through a real client: XML-RPC against a running server."""

import uuid
import xmlrpc.client

import pytest

REFUSED = "AccessError|not allowed|access to|enough rights"


@pytest.fixture(scope="module")
def people(admin, rpc_as):
    tag = uuid.uuid4().hex[:6]
    groups = {
        "sales": admin(
            "ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman"
        )[1],
        "manager": admin(
            "ir.model.data", "check_object_reference", "sales_team", "group_sale_manager"
        )[1],
        "portal": admin("ir.model.data", "check_object_reference", "base", "group_portal")[1],
    }
    logins = {}
    for who, group in (
        ("alice", "sales"),
        ("bob", "sales"),
        ("boss", "manager"),
        ("carol", "portal"),
    ):
        login = f"e2e_{who}_{tag}"
        admin(
            "res.users",
            "create",
            {
                "name": f"E2E {who}",
                "login": login,
                "password": login,
                "email": f"{login}@example.com",
                "groups_id": [(6, 0, [groups[group]])],
            },
        )
        logins[who] = rpc_as(login, login)
    return logins


def test_customer_from_first_contact_to_deal(admin, people):
    alice = people["alice"]
    customer = alice(
        "res.partner",
        "create",
        {"name": "E2E 星辰科技有限公司", "is_company": True, "user_id": alice.uid},
        context={"crm_customer_file": True},
    )
    data = alice("res.partner", "read", [customer], ["customer_stage_id", "customer_code"])[0]
    assert data["customer_stage_id"][1] == "Potential"
    assert data["customer_code"]
    alice(
        "crm.customer.followup",
        "create",
        {"partner_id": customer, "channel": "visit", "summary": "Demo done, wants 20 seats"},
    )
    product = admin(
        "product.product", "create", {"name": "E2E licence", "type": "service", "list_price": 1200}
    )
    order = alice(
        "sale.order",
        "create",
        {
            "partner_id": customer,
            "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})],
        },
    )
    assert (
        alice("res.partner", "read", [customer], ["customer_stage_id"])[0]["customer_stage_id"][1]
        == "Intent"
    )
    alice("sale.order", "action_confirm", [order])
    data = alice(
        "res.partner", "read", [customer], ["customer_stage_id", "customer_followup_count"]
    )[0]
    assert data["customer_stage_id"][1] == "Deal"
    assert data["customer_followup_count"] == 1


def test_other_salesperson_and_portal_refused(admin, people):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    customer = alice(
        "res.partner",
        "create",
        {"name": "E2E private customer", "is_company": True, "user_id": alice.uid},
        context={"crm_customer_file": True},
    )
    alice("crm.customer.followup", "create", {"partner_id": customer, "summary": "price 9折"})
    assert bob("res.partner", "search", [("id", "=", customer)]) == []
    with pytest.raises(xmlrpc.client.Fault, match=REFUSED):
        bob("res.partner", "read", [customer], ["name"])
    assert bob("crm.customer.followup", "search_count", [("partner_id", "=", customer)]) == 0
    with pytest.raises(xmlrpc.client.Fault, match=REFUSED):
        carol("crm.customer.followup", "search", [])
    with pytest.raises(xmlrpc.client.Fault, match=REFUSED):
        carol("res.partner", "read", [customer], ["name"])
    own = carol("res.users", "read", [carol.uid], ["partner_id"])[0]["partner_id"][0]
    with pytest.raises(xmlrpc.client.Fault, match=REFUSED):
        carol("res.partner", "read", [own], ["customer_code"])


def test_pool_claim_and_handover(admin, people):
    alice, bob, boss = people["alice"], people["bob"], people["boss"]
    pooled = admin(
        "res.partner",
        "create",
        {"name": "E2E pooled", "is_company": True},
        context={"crm_customer_file": True, "crm_customer_pool": True},  # the pool menu's
    )
    bob("res.partner", "action_customer_claim", [pooled])
    assert admin("res.partner", "read", [pooled], ["user_id"])[0]["user_id"][0] == bob.uid
    with pytest.raises(xmlrpc.client.Fault, match="already has a salesperson|" + REFUSED):
        alice("res.partner", "action_customer_claim", [pooled])
    wizard = boss(
        "crm.customer.handover",
        "create",
        {"from_user_id": bob.uid, "to_user_id": alice.uid, "partner_ids": [(6, 0, [pooled])]},
    )
    boss("crm.customer.handover", "action_handover", [wizard])
    assert alice("res.partner", "read", [pooled], ["user_id"])[0]["user_id"][0] == alice.uid
