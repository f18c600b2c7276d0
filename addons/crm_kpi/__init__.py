from . import controllers
from . import models
from . import report


def post_init_hook(env):
    """Flag the first confirmed order of every customer already in the database, for the
    "new customers won" metric."""
    env["sale.order"]._kpi_flag_first_orders()
