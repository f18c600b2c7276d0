"""Competitors and customer health through a real client: XML-RPC against a running server,
as salespeople who must be refused what is not theirs."""

import uuid
import xmlrpc.client

import pytest

REFUSED = "AccessError|not allowed|access to|enough rights"


@pytest.fixture(scope="module")
def sellers(admin, rpc_as, suite):
    if "crm_competitor" not in suite["addons"]:
        pytest.skip("crm_competitor is not installed")
    tag = uuid.uuid4().hex[:6]
    group = admin("ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman")[1]
    people = {}
    for who in ("dana", "eric"):
        login = f"e2e_cmp_{who}_{tag}"
        admin(
            "res.users",
            "create",
            {
                "name": f"E2E {who}",
                "login": login,
                "password": login,
                "groups_id": [(6, 0, [group])],
            },
        )
        people[who] = rpc_as(login, login)
    return people


def test_lost_quotation_and_what_a_colleague_may_not_do(admin, sellers):
    dana, eric = sellers["dana"], sellers["eric"]
    competitor = dana("crm.competitor", "create", {"name": f"E2E 对手 {uuid.uuid4().hex[:4]}"})
    customer = dana(
        "res.partner",
        "create",
        {"name": "E2E 丢单客户", "is_company": True, "user_id": dana.uid},
        context={"crm_customer_file": True},
    )
    product = admin(
        "product.product", "create", {"name": "E2E CRM", "type": "service", "list_price": 1000}
    )
    order = dana(
        "sale.order",
        "create",
        {
            "partner_id": customer,
            "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})],
            "competitor_quote_ids": [(0, 0, {"competitor_id": competitor, "price": 800})],
        },
    )
    quote = dana("sale.order", "read", [order], ["competitor_quote_ids"])[0]["competitor_quote_ids"]
    # a colleague reads and changes none of it
    for call in (
        lambda: eric("crm.competitor.quote", "read", quote, ["price"]),
        lambda: eric("crm.competitor.quote", "write", quote, {"price": 1}),
        lambda: eric("crm.competitor.quote", "unlink", quote),
        lambda: eric("crm.competitor", "unlink", [competitor]),
    ):
        with pytest.raises(xmlrpc.client.Fault, match=REFUSED):
            call()
    # lost without a reason: refused, nothing written
    action = dana("sale.order", "action_mark_lost", [order])
    wizard = dana("crm.quotation.lost", "create", {}, context=action["context"])
    with pytest.raises(xmlrpc.client.Fault, match="why the quotation was lost"):
        dana("crm.quotation.lost", "action_confirm", [wizard])
    assert dana("sale.order", "read", [order], ["state"])[0]["state"] == "draft"
    reason = admin(
        "ir.model.data", "check_object_reference", "crm_competitor", "lost_reason_competitor"
    )[1]
    wizard = dana(
        "crm.quotation.lost",
        "create",
        {"lost_reason_id": reason, "won_competitor_id": competitor, "won_price": 750},
        context=action["context"],
    )
    assert dana("crm.quotation.lost", "action_confirm", [wizard]) is True
    data = dana("sale.order", "read", [order], ["state", "is_lost", "won_competitor_id"])[0]
    assert (data["state"], data["is_lost"], data["won_competitor_id"][0]) == (
        "cancel",
        True,
        competitor,
    )
    rows = dana(
        "crm.competitor.winloss.report",
        "search_read",
        [("order_id", "=", order)],
        ["outcome", "lost_to_count"],
    )
    assert [(r["outcome"], r["lost_to_count"]) for r in rows] == [("lost", 1)]
    assert not eric("crm.competitor.winloss.report", "search", [("order_id", "=", order)])
    # the health of the customer: its owner sees it, a colleague does not see the customer
    dana("res.partner", "action_customer_health_refresh", [customer])
    level = dana("res.partner", "read", [customer], ["customer_health_level"])[0]
    assert level["customer_health_level"]
    assert not eric(
        "res.partner",
        "search",
        [("id", "=", customer), ("customer_health_level", "!=", False)],
    )
