"""The Simplified Chinese translation is complete, compiled and used.

When you add or change a translatable string, refresh and compile the catalogue:

    DEBUG=1 .venv/bin/python manage.py makemessages -l zh_Hans --ignore=.venv \
        --ignore=static/vendor --ignore=tests --ignore=bench --ignore=var
    # translate the new empty msgstr entries (and clear any "#, fuzzy" flags), then
    DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv

Commit both django.po and django.mo.
"""

import ast
import gettext as gnu_gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
HOW_TO_UPDATE = (
    "Run makemessages -l zh_Hans, translate the entries, then compilemessages "
    "(see the docstring of tests/portal/test_translations.py)."
)


def parse_po(path):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (list), flags."""
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and entry.get("msgid") is not None:
            entries.append(entry)

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {
                "flags": set(),
                "msgctxt": None,
                "msgid": None,
                "msgid_plural": None,
                "msgstr": {},
            }
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, int):
                entry["msgstr"][field] += value
            else:
                entry[field] += value
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                field = int(match.group(1))
                entry["msgstr"][field] = value
            elif keyword == "msgstr":
                field = 0
                entry["msgstr"][0] = value
            else:
                field = keyword
                entry[field] = value
    return entries


@pytest.fixture(scope="module")
def po_entries():
    assert PO_FILE.exists(), f"{PO_FILE} is missing. {HOW_TO_UPDATE}"
    return parse_po(PO_FILE)


def test_the_catalogue_declares_a_single_plural_form(po_entries):
    header = next(entry for entry in po_entries if entry["msgid"] == "")
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    messages = [entry for entry in po_entries if entry["msgid"]]
    assert len(messages) > 400
    untranslated = [
        entry["msgid"]
        for entry in messages
        if not entry["msgstr"] or any(not value.strip() for value in entry["msgstr"].values())
    ]
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    assert not untranslated, f"Untranslated: {untranslated}. {HOW_TO_UPDATE}"
    assert not fuzzy, f"Fuzzy (check, then remove the flag): {fuzzy}. {HOW_TO_UPDATE}"


def test_translations_keep_their_placeholders(po_entries):
    wrong = []
    for entry in po_entries:
        if not entry["msgid"]:
            continue
        expected = set(PLACEHOLDER.findall(entry["msgid"]))
        expected |= set(PLACEHOLDER.findall(entry["msgid_plural"] or ""))
        for value in entry["msgstr"].values():
            if set(PLACEHOLDER.findall(value)) != expected:
                wrong.append((entry["msgid"], value))
    assert not wrong


def test_the_compiled_catalogue_matches_the_po_file(po_entries):
    assert MO_FILE.exists(), f"{MO_FILE} is missing. {HOW_TO_UPDATE}"
    with MO_FILE.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    stale = []
    for entry in po_entries:
        if not entry["msgid"]:
            continue
        msgid = entry["msgid"]
        if entry["msgctxt"] is not None:
            if entry["msgid_plural"] is not None:
                got = compiled.npgettext(entry["msgctxt"], msgid, entry["msgid_plural"], 1)
            else:
                got = compiled.pgettext(entry["msgctxt"], msgid)
        elif entry["msgid_plural"] is not None:
            got = compiled.ngettext(msgid, entry["msgid_plural"], 1)
        else:
            got = compiled.gettext(msgid)
        if got != entry["msgstr"][0]:
            stale.append(msgid)
    assert not stale, f"django.mo is out of date for {stale}. {HOW_TO_UPDATE}"


@pytest.mark.parametrize(
    "english", ["People", "Community", "Home", "Sign in", "Manage people", "Sign out"]
)
def test_key_strings_are_translated(english):
    with translation.override("zh-hans"):
        translated = gettext(english)
    assert translated != english
    assert re.search(r"[\u4e00-\u9fff]", translated)


def test_plurals_use_the_one_chinese_form():
    with translation.override("zh-hans"):
        one = ngettext("%(counter)s person", "%(counter)s people", 1) % {"counter": 1}
        many = ngettext("%(counter)s person", "%(counter)s people", 5) % {"counter": 5}
    assert one == "1 人"
    assert many == "5 人"


def test_the_sign_in_page_is_shown_in_chinese(client, db):
    response = client.get(reverse("account_login"), headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="zh-hans"' in page
    with translation.override("zh-hans"):
        heading = gettext("Sign in")
        hint = gettext(
            "Use your work email address. Your administrator sends you an invitation to "
            "choose a password."
        )
    assert f"{heading}</h1>" in page
    assert hint in page
    assert "Use your work email address" not in page
