def cron_batches(env, items, batch_size, cron_chunk):
    """Yield ``items`` in batches of ``batch_size``.

    Inside a scheduled action only the first ``cron_chunk`` items are handled, then the
    progress is reported: Odoo 18 commits and calls the action again for the rest, so a run
    killed half-way loses one chunk at most and resumes from what is still to do. Called
    directly (tests, shell), everything is handled in one go.
    """
    in_cron = bool(env.context.get("ir_cron_progress_id"))
    todo = items[:cron_chunk] if in_cron else items
    for start in range(0, len(todo), batch_size):
        yield todo[start : start + batch_size]
    if in_cron:
        env["ir.cron"]._notify_progress(done=len(todo), remaining=len(items) - len(todo))


def run_isolated(records, handler, logger, what):
    """Call ``handler(records)`` in a savepoint; when it fails, retry record by record so one
    bad record does not stop the others. Returns the records handled."""
    try:
        with records.env.cr.savepoint():
            handler(records)
        return records
    except Exception as error:  # noqa: BLE001 - find the records at fault, handle the others
        records.env.invalidate_all()
        logger.info("%s: batch of %s failed (%s), retrying one by one", what, len(records), error)
    done = records.browse()
    for record in records:
        try:
            with records.env.cr.savepoint():
                handler(record)
            done |= record
        except Exception as error:  # noqa: BLE001
            records.env.invalidate_all()
            logger.warning("%s skipped for %s: %s", what, record, error)
    return done
