"""Read-your-writes with a replica, as far as one database can show it: Odoo's tests run
read-only routes on a read-only cursor, as a replica would. The real replica is proven by
``tests/test_replica.py`` of the suite."""

import logging
from unittest.mock import patch

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import config

from ..models.ir_http import NOT_REPLAYED, SESSION_LAST_WRITE

EXPORT = "/crm_customer_core/tier_report.xlsx"  # a read-only route


@tagged("post_install", "-at_install")
class TestReplicaReadOwnWrites(HttpCase):
    def setUp(self):
        super().setUp()
        new_test_user(self.env, login="crm_replica_boss", groups="sales_team.group_sale_manager")
        self.session = self.authenticate("crm_replica_boss", "crm_replica_boss")
        replica = patch.dict(config.options, {"db_replica_host": "replica.example.com"})
        replica.start()
        self.addCleanup(replica.stop)
        self.env.cr.execute(
            "SELECT pg_current_xact_id()::text, pg_snapshot_xmin(pg_current_snapshot())::text"
        )
        xid, oldest_running = self.env.cr.fetchone()
        self.xid, self.committed_xid = int(xid), int(oldest_running) - 1

    def stored_session(self):
        return http.root.session_store.get(self.session.sid)

    def remember(self, xid):
        self.session[SESSION_LAST_WRITE] = str(xid)
        http.root.session_store.save(self.session)

    def call_kw(self, model, method, *args):
        params = {"model": model, "method": method, "args": list(args), "kwargs": {}}
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", params)

    def test_a_write_is_remembered_a_read_is_not(self):
        partner = self.env["res.partner"].create({"name": "Replica customer"})
        self.call_kw("res.partner", "read", [partner.id], ["name"])  # served read-only
        self.assertNotIn(SESSION_LAST_WRITE, self.stored_session())
        self.call_kw("res.partner", "write", [partner.id], {"comment": "called back"})
        self.assertEqual(self.stored_session()[SESSION_LAST_WRITE], str(self.xid))

    def test_nothing_is_remembered_without_a_replica(self):
        partner = self.env["res.partner"].create({"name": "Replica customer"})
        with patch.dict(config.options, {"db_replica_host": False}):
            self.call_kw("res.partner", "write", [partner.id], {"comment": "called back"})
        self.assertNotIn(SESSION_LAST_WRITE, self.stored_session())

    def test_a_read_after_a_write_not_replayed_goes_to_the_primary(self):
        self.remember(self.xid + 1_000_000)  # a transaction the snapshot cannot include yet
        with self.assertLogs("odoo.http", logging.INFO) as logs:  # Odoo renames level 25 INFO
            response = self.url_open(EXPORT)
        self.assertEqual(response.status_code, 200)
        switches = [line for line in logs.output if NOT_REPLAYED in line]
        self.assertEqual(len(switches), 1, logs.output)
        self.assertTrue(switches[0].startswith("INFO:"), "logged as a plain fact, no traceback")
        self.assertFalse([line for line in logs.output if line.startswith("WARNING")])
        self.assertIn(SESSION_LAST_WRITE, self.stored_session(), "until the replica has it")

    def test_a_read_after_a_replayed_write_stays_on_the_replica(self):
        self.remember(self.committed_xid)  # ended before any running transaction began
        with self.assertNoLogs("odoo.http", logging.INFO):
            response = self.url_open(EXPORT)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(SESSION_LAST_WRITE, self.stored_session(), "one check is enough")
