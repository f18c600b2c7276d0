"""The duplicate guard of the customer file: a new customer with the mobile, email or company
name (and tax number) of an existing one is linked to it, whoever owns that one."""

import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError

SALES = "sales_team.group_sale_salesman"
# Legal-form words that make "ACME Ltd." and "acme limited" look different.
COMPANY_SUFFIXES = re.compile(
    r"(有限责任公司|股份有限公司|有限公司|集团|公司|co\.?,?\s*ltd\.?|company|limited|ltd\.?|"
    r"inc\.?|corp\.?|corporation|gmbh|llc|s\.?a\.?)$"
)


def normalize_company_name(name):
    """Lowercase, drop spaces, punctuation and trailing legal-form words."""
    if not name:
        return False
    text = name.strip().lower()
    text = re.sub(r"[\s\.,，。()（）\-_&'\"]+", " ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = COMPANY_SUFFIXES.sub("", text).strip()
    return re.sub(r"\s+", "", text) or False


def normalize_mobile(number):
    """Digits only, without a leading China country code, so formats compare."""
    if not number:
        return False
    digits = re.sub(r"\D", "", number)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits or False


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_name_normalized = fields.Char(
        compute="_compute_customer_normalized", store=True, index=True, groups=SALES
    )
    customer_mobile_normalized = fields.Char(
        compute="_compute_customer_normalized", store=True, index=True, groups=SALES
    )
    customer_duplicate_of_id = fields.Many2one(
        "res.partner",
        string="Possible Duplicate Of",
        copy=False,
        index="btree_not_null",
        groups=SALES,
        help="Set when the customer was created with the mobile, email or company name "
        "(and tax number) of an existing customer.",
    )
    customer_has_duplicate = fields.Boolean(
        compute="_compute_customer_duplicate_display", groups=SALES
    )
    customer_duplicate_readable = fields.Boolean(
        compute="_compute_customer_duplicate_display", groups=SALES
    )
    customer_duplicate_label = fields.Char(
        string="Duplicate", compute="_compute_customer_duplicate_display", groups=SALES
    )

    @api.depends("name", "is_company", "mobile", "phone")
    def _compute_customer_normalized(self):
        for partner in self:
            partner.customer_name_normalized = (
                normalize_company_name(partner.name) if partner.is_company else False
            )
            partner.customer_mobile_normalized = normalize_mobile(partner.mobile or partner.phone)

    @api.depends("customer_duplicate_of_id")
    @api.depends_context("uid")
    def _compute_customer_duplicate_display(self):
        """The duplicate may be a colleague's customer the user cannot open: then only its
        owner is named, so the user knows whom to ask."""
        duplicates = self.customer_duplicate_of_id
        readable = duplicates._filtered_access("read")
        for partner in self:
            duplicate = partner.customer_duplicate_of_id
            partner.customer_has_duplicate = bool(duplicate)
            partner.customer_duplicate_readable = duplicate in readable
            if not duplicate or duplicate in readable:
                partner.customer_duplicate_label = duplicate.display_name
                continue
            owner = duplicate.sudo().user_id  # the owner's name only, never the customer's
            partner.customer_duplicate_label = (
                self.env._("a customer owned by %s", owner.name)
                if owner
                else self.env._("a customer in the pool")
            )

    def _flag_customer_duplicates(self):
        """Link each new customer to an existing one of the same company (or shared) with its
        mobile, email or normalised company name (with the same tax number when both have
        one): one query per key. The search runs as the system, across the whole customer
        file: the duplicate a salesperson must be told about is usually a colleague's
        customer, hidden from them by the record rules; the form shows them only its owner."""
        candidates = self.filtered(lambda p: not p.parent_id)
        if not candidates:
            return
        keys = {
            "customer_mobile_normalized": candidates.mapped("customer_mobile_normalized"),
            "email_normalized": candidates.mapped("email_normalized"),
            "customer_name_normalized": candidates.mapped("customer_name_normalized"),
        }
        # a shared new customer (no company) may duplicate any company's customer
        company_domain = (
            [("company_id", "in", [*candidates.company_id.ids, False])]
            if all(partner.company_id for partner in candidates)
            else []
        )
        matches = defaultdict(list)  # (field, value): [(company id, partner id)]
        for field, values in keys.items():
            values = [v for v in values if v]
            if not values:
                continue
            for value, company, ids in (
                # sudo: across the whole file (colleagues' customers included); only the id
                # of the match is kept, and the form shows the user its owner alone
                self.sudo()
                .with_context(active_test=False)
                ._read_group(
                    [
                        (field, "in", values),
                        ("id", "not in", self.ids),
                        ("parent_id", "=", False),
                        *company_domain,
                    ],
                    [field, "company_id"],
                    ["id:array_agg"],
                )
            ):
                matches[field, value].append((company.id, min(ids)))
        for partner in candidates:
            for field in keys:
                # a company's customer matches its company's and shared ones; a shared one all
                found = [
                    partner_id
                    for company_id, partner_id in matches.get((field, partner[field]), [])
                    if not partner.company_id or company_id in (partner.company_id.id, False)
                ]
                if not found:
                    continue
                existing = self.sudo().browse(min(found))
                if (
                    field == "customer_name_normalized"
                    and partner.vat
                    and existing.vat
                    and (
                        partner.vat.replace(" ", "").upper()
                        != existing.vat.replace(" ", "").upper()
                    )
                ):
                    continue  # same name, different tax number: two legal entities
                partner.customer_duplicate_of_id = existing.id
                break

    def action_open_duplicate(self):
        self.ensure_one()
        self.customer_duplicate_of_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.customer_duplicate_of_id.id,
            "view_mode": "form",
        }

    def action_merge_duplicate(self):
        """Hand over to Odoo's own partner merge wizard with both partners selected."""
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            raise AccessError(self.env._("Only sales managers merge customers."))
        ids = [self.customer_duplicate_of_id.id, self.id]
        return {
            "type": "ir.actions.act_window",
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": ids},
        }

    def action_dismiss_duplicate(self):
        self.customer_duplicate_of_id = False
        return True
