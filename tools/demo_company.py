"""The demo database's company: a Chinese software vendor working in CNY, its people in
Asia/Shanghai reading Chinese. Run by ``tools/suite.py demo`` inside ``odoo shell``, once
before the addons are installed (so that prices, orders and the chart of accounts are in CNY
from the start and what the install writes for a person is in Chinese) and once after.
"""

COMPANY = {
    "name": "杭州云启软件有限公司",
    "street": "西湖区文三路 478 号",
    "street2": "华星科技大厦 8 楼",
    "city": "杭州市",
    "zip": "310012",
    "phone": "+86 571 8766 5200",
    "email": "info@yunqi-soft.example.com",
    "website": "https://www.yunqi-soft.example.com",
    "vat": "91330106MA2CX8QY7K",
}
LANG, TZ = "zh_CN", "Asia/Shanghai"

# Odoo's HR demo departments and jobs, as the company calls them
DEPARTMENTS = {
    "hr.dep_management": "总经办",
    "hr.dep_administration": "行政部",
    "hr.dep_sales": "销售部",
    "hr.dep_rd": "研发部",
    "hr.dep_rd_be": "研发部（海外）",
    "hr.dep_rd_ltp": "长期项目组",
    "hr.dep_ps": "技术支持部",
}
JOBS = {
    "hr.job_ceo": "总经理",
    "hr.job_cto": "技术总监",
    "hr.job_consultant": "实施顾问",
    "hr.job_developer": "高级开发工程师",
    "hr.job_hrm": "人力资源经理",
    "hr.job_marketing": "市场经理",
    "hr.job_trainee": "实习生",
}


def set_company(env):
    cny = env.ref("base.CNY")
    cny.active = True
    company = env.ref("base.main_company")
    company.write(
        dict(
            COMPANY,
            country_id=env.ref("base.cn").id,
            state_id=env.ref("base.state_cn_ZJ").id,
            currency_id=cny.id,
        )
    )
    return company


def before_addons(env):
    """The company and its users, before anything priced or written for a person exists."""
    env["res.lang"]._activate_lang(LANG)  # its terms load with the addons
    company = set_company(env)
    env["ir.default"].set("res.partner", "lang", LANG)  # new customers write in Chinese
    # the people (and the template of new users) read Chinese; OdooBot, who installs the
    # addons, stays in English: Odoo's own demo records then read as in any Odoo demo
    people = env["res.users"].search([]) | env.ref("base.default_user")
    people.write({"lang": LANG, "tz": TZ})
    company.partner_id.write({"lang": LANG, "tz": TZ})


def after_addons(env):
    """One company: Odoo's demo data add companies of their own (Chicago, and Chinese
    accounting's "CN Company"), archived here; HR's demo departments and jobs get their
    Chinese names next to the English ones."""
    main = set_company(env)  # again: the inventory demo renames it "My Company (San Francisco)"
    others = env["res.company"].search([("id", "!=", main.id)])
    if others:
        users = env["res.users"].with_context(active_test=False).search([])
        users.write({"company_ids": [(3, company.id) for company in others]})
        others.write({"active": False})
    # Odoo's own demo activities ("Get quote confirmation"...) exist in English only: the
    # users' to-do lists keep the suite's, written in their language
    english_only = env["ir.model.data"].search(
        [("model", "=", "mail.activity"), ("module", "not like", "crm\\_%")]
    )
    env["mail.activity"].browse(english_only.mapped("res_id")).exists().unlink()
    for names in (DEPARTMENTS, JOBS):
        for xmlid, name in names.items():
            record = env.ref(xmlid, raise_if_not_found=False)
            if record:
                record.update_field_translations("name", {LANG: name})
    # a department's full name ("总经办 / 销售部") is stored in one language: the company's
    departments = env["hr.department"].with_context(lang=LANG, active_test=False).search([])
    departments._compute_complete_name()
