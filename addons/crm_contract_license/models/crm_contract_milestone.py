from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date


class CrmContractMilestone(models.Model):
    _inherit = "crm.contract.milestone"

    @api.model
    def _cron_contract_reminders(self, **kwargs):
        """The daily run also suspends and reactivates the contracts' licenses."""
        done = super()._cron_contract_reminders(**kwargs)
        self.env["sale.order"]._contract_license_enforce(fields.Date.context_today(self))
        return done


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _contract_license_enforce(self, today):
        """Warn before, then suspend the active licenses of the contracts with a payment
        overdue beyond their company's grace period; reactivate those whose overdue payments
        are settled. Set-based: a few queries whatever the number of contracts."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT m.order_id,
                   bool_or(m.date_due < %(today)s - c.contract_license_grace_days) AS suspend,
                   min(m.date_due) AS due
              FROM crm_contract_milestone m
              JOIN res_company c ON c.id = m.company_id
             WHERE m.state = 'overdue' AND c.contract_license_grace_days > 0
               AND m.date_due < %(today)s
                   - (c.contract_license_grace_days - c.contract_license_notice_days)
               AND EXISTS (SELECT 1 FROM crm_software_license l
                            WHERE l.sale_order_id = m.order_id AND l.state = 'active')
             GROUP BY m.order_id
            """,
                today=today,
            )
        )
        to_suspend = self.browse([order_id for order_id, suspend, _due in rows if suspend])
        to_warn = {order_id: due for order_id, suspend, due in rows if not suspend}
        if to_suspend:
            to_suspend._contract_license_suspend()
        if to_warn:
            self.browse(list(to_warn))._contract_license_warn(to_warn)
        flagged = self.env["crm.software.license"].search([("suspended_for_payment", "=", True)])
        if flagged:
            flagged.sale_order_id._contract_license_release()

    def _contract_license_blocked(self):
        """The contracts of ``self`` with a payment overdue beyond the grace period."""
        today = fields.Date.context_today(self)
        return self.filtered(
            lambda order: (
                order.company_id.contract_license_grace_days > 0
                and any(
                    m.state == "overdue"
                    and m.date_due
                    and (today - m.date_due).days > order.company_id.contract_license_grace_days
                    for m in order.contract_milestone_ids
                )
            )
        )

    def _contract_license_suspend(self):
        # sudo: the consequence of the contract's money, limited to these contracts' licenses,
        # whoever runs it (the scheduled action)
        licenses = (
            self.env["crm.software.license"]
            .sudo()
            .search([("sale_order_id", "in", self.ids), ("state", "=", "active")])
        )
        licenses.write({"state": "suspended", "suspended_for_payment": True})
        licenses._contract_license_announce(
            lambda env, values: env._(
                "Licenses %(licenses)s are suspended: a payment of contract %(contract)s is "
                "overdue. They work again as soon as it is paid.",
                **values,
            )
        )

    def _contract_license_warn(self, due_by_order):
        Log = self.env["crm.contract.reminder.log"]
        keys = {order.id: f"license_warning-{order.id}-{due_by_order[order.id]}" for order in self}
        given = set(Log.search([("key", "in", list(keys.values()))]).mapped("key"))
        todo = self.filtered(lambda order: keys[order.id] not in given)
        for order in todo:
            grace = order.company_id.contract_license_grace_days
            suspension = fields.Date.add(due_by_order[order.id], days=grace + 1)
            # sudo: only this contract's licenses (of its own company), named in the warning
            licenses = (
                self.env["crm.software.license"]
                .sudo()
                .search([("sale_order_id", "=", order.id), ("state", "=", "active")])
            )
            licenses._contract_license_announce(
                lambda env, values, day=suspension: env._(
                    "Licenses %(licenses)s will be suspended on %(date)s unless the overdue "
                    "payment of contract %(contract)s is made.",
                    date=format_date(env, day),
                    **values,
                )
            )
        Log.create(
            [{"order_id": order.id, "kind": "overdue", "key": keys[order.id]} for order in todo]
        )

    def _contract_license_release(self):
        """Reactivate the licenses these contracts' overdue payments suspended, once no
        payment is overdue beyond the grace period any more."""
        # sudo: see _contract_license_suspend; runs as whoever reconciles the payment
        orders = self.sudo()
        cleared = orders - orders._contract_license_blocked()
        licenses = self.env["crm.software.license"].sudo().search(
            [("sale_order_id", "in", cleared.ids), ("suspended_for_payment", "=", True),
             ("state", "=", "suspended")]
        )  # fmt: skip
        if not licenses:
            return
        licenses.write({"state": "active", "suspended_for_payment": False})
        licenses._contract_license_announce(
            lambda env, values: env._(
                "Licenses %(licenses)s work again: the overdue payment of contract "
                "%(contract)s is received. Thank you.",
                **values,
            )
        )

    def _contract_license_tell(self, message):
        """Tell the customer (by e-mail) and the salesperson, each in their language, on the
        contract's chatter: ``message(env)`` is the text in ``env``'s language."""
        self.ensure_one()
        # sudo: the scheduled action or the accountant posts on this one contract's chatter
        order = self.sudo()
        customer = order.partner_id
        salesperson = order.user_id
        for partner, lang in (
            (customer, customer.lang),
            (salesperson.partner_id, salesperson.lang),
        ):
            if not partner:
                continue
            env = order.with_context(lang=lang or self.env.lang or "en_US").env
            order.message_post(
                body=Markup("<p>%s</p>") % message(env),
                partner_ids=partner.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment" if partner == customer else "mail.mt_note",
            )
