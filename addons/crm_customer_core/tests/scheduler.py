"""Scheduled actions run the way Odoo 18's scheduler runs them, for the suite's tests."""


def run_like_the_scheduler(cron, call, max_calls=100):
    """Call ``call(env)`` as the scheduler calls a batched action: with a progress record in
    the context, again while it reports work remaining. Returns the number of calls.

    :param cron: the ``ir.cron`` record of the action
    :param call: function of an environment that runs the action once
    """
    for calls in range(1, max_calls + 1):
        progress = cron.env["ir.cron.progress"].create({"cron_id": cron.id})
        call(cron.env(context=dict(cron.env.context, ir_cron_progress_id=progress.id)))
        if not progress.remaining:
            return calls
    raise AssertionError(f"{cron.name}: still work remaining after {max_calls} calls")
