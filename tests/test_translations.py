"""The Chinese catalogues: complete, placeholders intact, and the terms that once read wrong
in context (a button is a verb, a state is a state) read right."""

import glob
import os
import re

import polib
import pytest
from conftest import ROOT

ADDONS = sorted(
    os.path.basename(os.path.dirname(path))
    for path in glob.glob(os.path.join(ROOT, "addons", "*", "__manifest__.py"))
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\{.*?\}\}")
MARKUP = re.compile(r"<[^>]+>")
# (addon, msgid): the Chinese it must read, where a word has several meanings
GLOSSARY = {
    ("crm_feedback", "Close"): "关闭",  # the ticket's button
    ("crm_software_license", "Close"): "关闭",  # the offline activation dialog's button
    ("crm_customer_core", "Close"): "亲密",  # a relationship level
    ("crm_software_license", "Online"): "在线",  # activation mode
    ("crm_feedback", "Breached"): "已超时",  # SLA status, not a breach of contract
    ("crm_feedback", "Overdue"): "逾期",
    ("crm_feedback", "overdue"): "逾期",
    ("crm_feedback", "open"): "未结",
}
NEVER = ["违约", "线索"]  # "breach of contract", "lead": wrong in this suite


def catalogues(addon):
    folder = os.path.join(ROOT, "addons", addon, "i18n")
    return polib.pofile(os.path.join(folder, f"{addon}.pot")), polib.pofile(
        os.path.join(folder, "zh_CN.po")
    )


def reads_the_same(msgid):
    """Terms with nothing to translate (ID, 30,7, markup around a sign)."""
    text = MARKUP.sub("", PLACEHOLDER.sub("", msgid))
    return not re.search(r"[a-z]{3,}", text)


@pytest.mark.parametrize("addon", ADDONS)
def test_catalogue_complete_with_placeholders_intact(addon):
    pot, po = catalogues(addon)
    translated = {entry.msgid: entry.msgstr for entry in po if entry.msgstr}
    missing = [e.msgid for e in pot if e.msgid not in translated and not reads_the_same(e.msgid)]
    assert not missing, f"untranslated in {addon}/i18n/zh_CN.po: {missing}"
    stale = sorted(set(translated) - {entry.msgid for entry in pot})
    assert not stale, f"terms no longer in {addon}.pot: {stale}"
    for msgid, msgstr in translated.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), (
            f"{addon}: placeholders differ in {msgid!r} -> {msgstr!r}"
        )


def test_terms_read_right_in_context():
    for (addon, msgid), expected in GLOSSARY.items():
        translated = {entry.msgid: entry.msgstr for entry in catalogues(addon)[1]}
        assert translated.get(msgid) == expected, (addon, msgid, translated.get(msgid))
    for addon in ADDONS:
        for entry in catalogues(addon)[1]:
            for word in NEVER:
                assert word not in entry.msgstr, (addon, entry.msgid, entry.msgstr)
