from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import pager as portal_pager


def portal_list(controller, model, url, base_domain, searchbar, search_fields, history_key, **kw):
    """The records and rendering values of a portal list with search, filters, sorting and a
    pager, as Odoo's own portal lists have.

    :param searchbar: ``(sortings, filters, inputs)`` in the portal searchbar's format; the
        first sorting is the default one, ``filters`` has an ``"all"`` entry
    :param search_fields: ``{search_in: field name}`` searched with ``ilike``
    :param kw: the request's ``page``, ``sortby``, ``filterby``, ``search``, ``search_in``
    :return: (records found under the user's access rules, values for the template)
    """
    sortings, filters, inputs = searchbar
    sortby = kw.get("sortby") if kw.get("sortby") in sortings else next(iter(sortings))
    filterby = kw.get("filterby") if kw.get("filterby") in filters else "all"
    search, search_in = kw.get("search"), kw.get("search_in") or next(iter(search_fields))
    domain = expression.AND([base_domain, filters[filterby]["domain"]])
    if search:
        field = search_fields.get(search_in) or next(iter(search_fields.values()))
        domain = expression.AND([domain, [(field, "ilike", search)]])
    Model = request.env[model]
    pager = portal_pager(
        url=url,
        url_args={"sortby": sortby, "filterby": filterby, "search": search, "search_in": search_in},
        total=Model.search_count(domain),
        page=kw.get("page") or 1,
        step=controller._items_per_page,
    )
    records = Model.search(
        domain,
        order=sortings[sortby]["order"],
        limit=controller._items_per_page,
        offset=pager["offset"],
    )
    request.session[history_key] = records.ids[:100]
    values = controller._prepare_portal_layout_values()
    values.update(
        {
            "pager": pager,
            "default_url": url,
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "searchbar_filters": filters,
            "filterby": filterby,
            "searchbar_inputs": inputs,
            "search_in": search_in,
            "search": search,
        }
    )
    return records, values
