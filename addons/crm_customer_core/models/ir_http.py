"""Read-your-writes with a PostgreSQL replica.

With ``db_replica_host`` set, Odoo serves read-only routes (exports, portal lists, pivots) from
the replica, which replays the primary's changes a moment later. A user who has just saved
something must not be shown the page from before: after a request of theirs that wrote, the
session keeps that transaction's id, and their next read-only request goes to the primary
until the replica's snapshot includes the transaction. Nothing runs without a replica.
"""

import logging

import psycopg2.errors

from odoo import models
from odoo.http import request
from odoo.tools import SQL, config

SESSION_LAST_WRITE = "crm_last_write_xid"
NOT_REPLAYED = "the replica has not replayed this session's last write yet"


class ReplicaBehindFilter(logging.Filter):
    """Odoo logs the switch from the replica to the primary as a warning with a traceback,
    as it does for a read-only route that wrongly writes. This switch is by design, so it is
    logged as one line at INFO level."""

    def filter(self, record):
        if record.levelno == logging.WARNING and NOT_REPLAYED in str(record.args):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info = record.exc_text = None
        return True


_http_logger = logging.getLogger("odoo.http")
if not any(isinstance(f, ReplicaBehindFilter) for f in _http_logger.filters):
    _http_logger.addFilter(ReplicaBehindFilter())


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _authenticate(cls, endpoint):
        cls._crm_read_own_writes()
        return super()._authenticate(endpoint)

    @classmethod
    def _post_dispatch(cls, response):
        cls._crm_remember_write()
        return super()._post_dispatch(response)  # saves the session

    @classmethod
    def _crm_remember_write(cls):
        # anonymous requests (the license API, survey pages) read nothing of theirs afterwards
        # on a read-only route; a session for each would only fill the session store
        if config["db_replica_host"] is False or not request.session.uid:
            return
        cr = request.env.cr
        if cr.readonly:
            return
        cr.flush()  # the ORM's pending writes get their transaction id now
        cr.execute("SELECT pg_current_xact_id_if_assigned()::text")
        xid = cr.fetchone()[0]
        if xid:
            request.session[SESSION_LAST_WRITE] = xid

    @classmethod
    def _crm_read_own_writes(cls):
        """On the replica, before anything is read: a read-only transaction takes one
        snapshot for all its reads, so this check holds for the whole request."""
        xid = request.session.get(SESSION_LAST_WRITE)
        cr = request.env.cr
        if not xid or not cr.readonly:
            return
        cr.execute(SQL("SELECT pg_visible_in_snapshot(%s::xid8, pg_current_snapshot())", xid))
        if not cr.fetchone()[0]:
            # Odoo redoes a read-only request that fails this way on the primary
            raise psycopg2.errors.ReadOnlySqlTransaction(NOT_REPLAYED)
        request.session.pop(SESSION_LAST_WRITE)
