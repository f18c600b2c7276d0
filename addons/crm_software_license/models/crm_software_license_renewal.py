import logging
import math

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from odoo.addons.crm_customer_core.models.cron_batches import cron_batches, run_isolated
from odoo.addons.crm_customer_core.models.recipient_language import in_recipient_language

_logger = logging.getLogger(__name__)

QUOTATIONS_ACTION = "sale.action_quotations_with_onboarding"
RENEWAL_BATCH = 500
CRON_CHUNK = 5000


class CrmSoftwareLicenseReminder(models.Model):
    """One renewal reminder given: the key that makes the reminder run idempotent."""

    _name = "crm.software.license.reminder"
    _description = "License Renewal Reminder"
    _order = "id desc"

    license_id = fields.Many2one(
        "crm.software.license", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection([("license", "License"), ("maintenance", "Maintenance")], required=True)
    term_end = fields.Date(required=True, help="The end date the reminder was about.")
    days = fields.Integer(string="Days Before", required=True)

    _sql_constraints = [
        (
            "reminder_uniq",
            "unique(license_id, kind, term_end, days)",
            "This reminder was already given.",
        ),
    ]


class CrmSoftwareLicense(models.Model):
    _inherit = "crm.software.license"

    # ------------------------------------------------------------------ renewal quotations
    def action_renew(self):
        orders = self._create_renewal_orders()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        if len(orders) == 1:
            action.update(views=[(False, "form")], res_id=orders.id)
        else:
            action["domain"] = [("id", "in", orders.ids)]
        return action

    def action_view_renewals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("order_line.renewed_license_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _renewal_line_commands(self):
        """Order lines renewing this license: the license itself for a subscription, and its
        maintenance when the product names a maintenance product."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        commands = []
        if self.license_type == "subscription":
            commands.append(
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "product_uom_qty": math.ceil(self.seats / template.license_seats_per_unit),
                        "renewed_license_id": self.id,
                    }
                )
            )
        if template.license_maintenance_product_id:
            commands.append(
                Command.create(
                    {
                        "product_id": template.license_maintenance_product_id.id,
                        "product_uom_qty": 1,
                        "renewed_license_id": self.id,
                    }
                )
            )
        return commands

    def _create_renewal_orders(self):
        """One renewal quotation per license; an open one is reused, never duplicated."""
        if self.filtered(lambda lic: lic.state == "revoked"):
            raise UserError(self.env._("A revoked license cannot be renewed."))
        open_orders = self.renewal_order_id.filtered(lambda o: o.state in ("draft", "sent"))
        todo = self.filtered(lambda lic: lic.renewal_order_id not in open_orders)
        values = []
        for license_ in todo:
            commands = license_._renewal_line_commands()
            if not commands:
                raise UserError(
                    self.env._(
                        "License %s is perpetual and its product has no maintenance product: "
                        "there is nothing to renew.",
                        license_.name,
                    )
                )
            values.append(
                {
                    "partner_id": license_.partner_id.id,
                    "user_id": (license_.user_id or license_.sale_order_id.user_id).id,
                    "company_id": license_.company_id.id,
                    "origin": license_.name,
                    "order_line": commands,
                }
            )
        orders = self.env["sale.order"].create(values)
        for license_, order in zip(todo, orders, strict=True):
            license_.renewal_order_id = order
        return orders | open_orders

    def _extend_from_lines(self, lines):
        """Extend licenses by their confirmed renewal lines: a license line adds a term to the
        end date, a maintenance line adds its period to the maintenance. Each line counts once;
        the license number never changes."""
        today = fields.Date.context_today(self)
        for line in lines:
            license_ = line.renewed_license_id
            template = line.product_id.product_tmpl_id
            if license_.state == "revoked":
                raise UserError(
                    self.env._("License %s is revoked and cannot be renewed.", license_.name)
                )
            if license_.partner_id != line.order_id.partner_id.commercial_partner_id:
                raise UserError(
                    self.env._(
                        "License %s belongs to another customer than this order.", license_.name
                    )
                )
            if template.is_license_maintenance:
                base = max(license_.maintenance_end or today, today)
                license_.maintenance_end = base + relativedelta(months=line._license_months())
                body = self.env._(
                    "Maintenance renewed by %(order)s until %(date)s.",
                    order=line.order_id.name,
                    date=license_.maintenance_end,
                )
            elif template.is_software_license:
                if (
                    license_.product_id != line.product_id
                    or license_.license_type != "subscription"
                ):
                    raise UserError(
                        self.env._(
                            "Line %(line)s cannot renew license %(name)s: only a subscription is "
                            "renewed, with its own product.",
                            line=line.name,
                            name=license_.name,
                        )
                    )
                values = {
                    "date_end": max(license_.date_end or today, today)
                    + relativedelta(months=line._license_months()),
                    "seats": max(
                        license_.seats,
                        int(line.product_uom_qty) * template.license_seats_per_unit,
                    ),
                }
                if license_.state == "expired":
                    values["state"] = "active"
                license_.write(values)
                body = self.env._(
                    "License renewed by %(order)s until %(date)s.",
                    order=line.order_id.name,
                    date=license_.date_end,
                )
            else:
                raise ValidationError(
                    self.env._("Only license and maintenance products renew a license.")
                )
            line.license_renewal_applied = True
            license_.message_post(body=body)

    # ------------------------------------------------------------------ scheduled action
    @api.model
    def _reminder_days(self, company):
        return sorted(
            {int(part) for part in (company.license_reminder_days or "").split(",") if part.strip()}
        )

    @api.model
    def _renewal_work(self, today):
        """What the renewal run still has to do: ``(step, license id, days)`` tuples.

        Each step is selected from what is still undone (licenses still active past their end,
        reminders with no log row), so a rerun or a resumed run repeats nothing.
        """
        self.flush_model()
        self.env["crm.software.license.reminder"].flush_model()
        work = [
            ("expire", row[0], 0)
            for row in self.env.execute_query(
                SQL(
                    "SELECT id FROM crm_software_license WHERE state = 'active' "
                    "AND date_end < %s ORDER BY id",
                    today,
                )
            )
        ]
        for company in self.env["res.company"].search([]):
            days = self._reminder_days(company)
            if not days:
                continue
            for kind, column in (("license", "date_end"), ("maintenance", "maintenance_end")):
                rows = self.env.execute_query(
                    SQL(
                        """
                    SELECT l.id, %(column)s,
                           (SELECT min(r.days) FROM crm_software_license_reminder r
                             WHERE r.license_id = l.id AND r.kind = %(kind)s
                               AND r.term_end = %(column)s)
                      FROM crm_software_license l
                     WHERE l.state = 'active' AND l.company_id = %(company)s
                       AND %(column)s BETWEEN %(today)s AND %(last)s
                       AND (l.date_end IS NULL OR l.date_end >= %(today)s)
                       -- maintenance ending with the license is renewed with it
                       AND (%(kind)s = 'license' OR l.date_end IS NULL
                            OR l.maintenance_end <> l.date_end)
                     ORDER BY l.id
                    """,
                        column=SQL.identifier("l", column),
                        kind=kind,
                        company=company.id,
                        today=today,
                        last=today + relativedelta(days=days[-1]),
                    )
                )
                for license_id, term_end, sent in rows:
                    due = min(d for d in days if (term_end - today).days <= d)
                    if sent is None or sent > due:
                        work.append((kind, license_id, due))
        return work

    @api.model
    def _cron_license_renewals(self, batch_size=RENEWAL_BATCH):
        """Expire licenses past their end date, then remind of license and maintenance ends
        (an activity for the salesperson, an email to the customer), once per reminder day."""
        today = fields.Date.context_today(self)
        work = self._renewal_work(today)
        for batch in cron_batches(self.env, work, batch_size, CRON_CHUNK):
            for step in ("expire", "license", "maintenance"):
                items = [item for item in batch if item[0] == step]
                if not items:
                    continue
                licenses = self.browse([item[1] for item in items])
                if step == "expire":
                    run_isolated(licenses, lambda recs: recs._expire(), _logger, "License expiry")
                    continue
                days = {item[1]: item[2] for item in items}
                run_isolated(
                    licenses,
                    lambda recs, step=step, days=days: recs._send_renewal_reminders(
                        step, days, today
                    ),
                    _logger,
                    "License renewal reminder",
                )
        return len(work)

    def _expire(self):
        """Mark licenses expired, with one batched chatter note instead of a tracking message
        per license (thousands may expire the same night)."""
        self.with_context(tracking_disable=True).write({"state": "expired"})
        note = Markup(self.env._("License expired: its end date %s has passed."))
        self._message_log_batch({lic.id: note % lic.date_end for lic in self})

    def _send_renewal_reminders(self, kind, days, today):
        column = "date_end" if kind == "license" else "maintenance_end"
        self.env["crm.software.license.reminder"].create(
            [
                {
                    "license_id": license_.id,
                    "kind": kind,
                    "term_end": license_[column],
                    "days": days[license_.id],
                }
                for license_ in self
            ]
        )
        activity_type = self.env.ref("crm_software_license.mail_activity_type_license_renewal")
        model_id = self.env["ir.model"]._get_id(self._name)

        def owner(license_):
            return license_.user_id or license_.sale_order_id.user_id

        vals_list = []
        for licenses in in_recipient_language(self.filtered(owner), owner):
            env = licenses.env
            what = env._("license") if kind == "license" else env._("maintenance")
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": license_.id,
                    "activity_type_id": activity_type.id,
                    "user_id": owner(license_).id,
                    "date_deadline": max(
                        today, license_[column] - relativedelta(days=days[license_.id] // 2)
                    ),
                    "summary": env._(
                        "Renew %(what)s of %(name)s (ends %(date)s)",
                        what=what,
                        name=license_.name,
                        date=format_date(env, license_[column]),
                    ),
                }
                for license_ in licenses
            ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        template = self.env.ref(
            "crm_software_license.mail_template_license_renewal"
            if kind == "license"
            else "crm_software_license.mail_template_maintenance_renewal"
        )
        # one batched rendering for all the e-mails (message_post per license costs ~45 ms
        # each), then one batched chatter note saying what was sent to whom
        mailable = self.filtered(lambda lic: lic.partner_id.email)
        if mailable:
            template.send_mail_batch(mailable.ids)
            note = Markup(self.env._("Renewal reminder <b>%(subject)s</b> e-mailed to %(email)s."))
            mailable._message_log_batch(
                {
                    license_.id: note
                    % {"subject": template.name, "email": license_.partner_id.email}
                    for license_ in mailable
                }
            )
        auto = self.filtered(
            lambda lic: (
                lic.company_id.license_auto_renew
                and lic.renewal_order_id.state not in ("draft", "sent")
                and lic._renewal_line_commands()
            )
        )
        if auto:
            auto._create_renewal_orders()
