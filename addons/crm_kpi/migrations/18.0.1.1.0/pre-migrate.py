def migrate(cr, version):
    """The reason of a scorecard line became a selection: the only text written before 1.1
    was "the employee has no user", in whichever language computed it."""
    cr.execute(
        "UPDATE crm_kpi_scorecard_line SET reason = 'no_user' "
        "WHERE reason IS NOT NULL AND reason <> ''"
    )
