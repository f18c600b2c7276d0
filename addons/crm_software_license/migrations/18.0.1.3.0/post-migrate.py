def migrate(cr, version):
    """Licenses created before 18.0.1.3.0 get their portal access token now, so that the
    portal list (a read-only route) never has to write one."""
    cr.execute(
        "UPDATE crm_software_license SET access_token = gen_random_uuid()::text "
        "WHERE access_token IS NULL"
    )
