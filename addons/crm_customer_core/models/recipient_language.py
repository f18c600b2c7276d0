def in_recipient_language(records, recipient):
    """Yield ``records`` grouped by the language of the user each is meant for, each group in
    an environment of that language, so that what a scheduled action writes for a person
    (an activity's summary and note) reads in their language, as Odoo's own notifications do.

    :param recipient: function of a record returning the ``res.users`` it is written for
    """
    default = records.env.lang or "en_US"
    for lang, group in records.grouped(lambda record: recipient(record).lang or default).items():
        yield group.with_context(lang=lang)
