def migrate(cr, version):
    """The invitation's unique constraint became a partial unique index (a customer surveyed
    by hand may be surveyed again once the previous invitation is closed)."""
    cr.execute(
        "ALTER TABLE crm_satisfaction_invitation "
        "DROP CONSTRAINT IF EXISTS crm_satisfaction_invitation_invitation_uniq"
    )
