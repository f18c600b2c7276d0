def migrate(cr, version):
    """Goal definitions became KPI metrics by a flag: the suite's own and those items use."""
    cr.execute(
        """
        UPDATE gamification_goal_definition SET kpi_metric = true
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE model = 'gamification.goal.definition' AND module LIKE 'crm\\_kpi%')
            OR id IN (SELECT definition_id FROM crm_kpi_item WHERE definition_id IS NOT NULL)
        """
    )
