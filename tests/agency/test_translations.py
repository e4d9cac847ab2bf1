"""The Simplified Chinese translation is complete: every message of the catalogue is
translated (none fuzzy), keeps its placeholders, and the main pages read in Chinese."""

import ast
import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Stage
from tests import lifecycle

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LOCALE_DIR / "django.po"
MO = LOCALE_DIR / "django.mo"

# %(name)s and %s-style directives ("%%" is a literal percent sign, not a placeholder).
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")

# English words the pages showed before the translation was completed.
ENGLISH = [
    "Work plan",
    "Media buys",
    "Media plan",
    "Invoices",
    "Proposals",
    "Meetings",
    "Contact reports",
    "Client communication",
    "Overview",
    "Milestones",
    "Add task",
    "Effect report",
    "Record payment",
    "Balance",
    "Overdue",
]


def parse_po(text: str) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr / msgstr[n] (joined), flags,
    obsolete. The header (empty msgid) is left out."""
    entries, entry, key = [], None, None
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry and entry.get("msgid"):
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


@pytest.fixture(scope="module")
def entries():
    return [entry for entry in parse_po(PO.read_text(encoding="utf-8")) if not entry["obsolete"]]


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_the_catalogue_is_read(entries):
    assert len(entries) > 900
    assert any(e["msgid"] == "Work plan" for e in entries)


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    untranslated = [e["msgid"] for e in entries if not all(translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]

    assert untranslated == []
    assert fuzzy == []


def test_every_placeholder_of_a_message_is_kept_in_its_translation(entries):
    formatted = [e for e in entries if "python-format" in e["flags"]]
    broken = [
        (e["msgid"], text)
        for e in formatted
        for text in translations(e)
        if sorted(PLACEHOLDER.findall(e["msgid"])) != sorted(PLACEHOLDER.findall(text))
    ]

    assert len(formatted) > 100
    assert broken == []


def test_template_variables_are_kept(entries):
    variable = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
    broken = [
        e["msgid"]
        for e in entries
        for text in translations(e)
        if sorted(variable.findall(e["msgid"])) != sorted(variable.findall(text))
    ]

    assert broken == []


def test_the_compiled_catalogue_matches_the_po(entries, tmp_path):
    # Given the .po compiled afresh, and the committed .mo
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    committed = gettext.GNUTranslations(MO.open("rb"))
    compiled = gettext.GNUTranslations(fresh.open("rb"))

    # Then the committed .mo is up to date: it says what the .po says
    def lookup(catalogue, entry):
        if "msgctxt" in entry:  # the same word in another place can read differently
            return catalogue.pgettext(entry["msgctxt"], entry["msgid"])
        return catalogue.gettext(entry["msgid"])

    singular = [e for e in entries if "msgid_plural" not in e]
    stale = [
        e["msgid"]
        for e in singular
        if lookup(committed, e) != lookup(compiled, e) or lookup(committed, e) != e["msgstr"]
    ]
    assert stale == []
    assert committed.gettext("Invoices") == "发票"
    assert committed.ngettext("%(n)s action item", "%(n)s action items", 2) == "%(n)s 项待办事项"


# --- Pages in Chinese ---------------------------------------------------------------------------
def visible_text(html: str) -> str:
    """The page's text and attribute-free markup, without <script> and <style>."""
    return re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)


@pytest.fixture
def invoiced(account, ae):
    """`account` walked to `invoiced`: brief, team, proposal, media, effect report, invoice."""
    return lifecycle.advance(account, to=Stage.INVOICED, by=ae)


@pytest.fixture
def chinese(client, ae):
    ae.language = "zh-hans"
    ae.save(update_fields=["language"])
    client.force_login(ae)
    return client


@pytest.mark.parametrize(
    "page",
    ["pipeline", "account-detail", "account-workplan", "account-media", "invoices"],
)
def test_key_pages_render_in_chinese(chinese, invoiced, page):
    # Given an AE who reads Chinese, and an account with a history
    url = {
        "pipeline": lambda: reverse("pipeline"),
        "account-detail": lambda: reverse("account-detail", args=[invoiced.pk]),
        "account-workplan": lambda: reverse("account-workplan", args=[invoiced.pk]),
        "account-media": lambda: reverse("account-media", args=[invoiced.pk]),
        "invoices": lambda: reverse("invoices"),
    }[page]()

    # When the page is rendered
    response = chinese.get(url, HTTP_ACCEPT_LANGUAGE="en")

    # Then it is in Chinese, and none of the English it used to show is left
    assert response.status_code == 200
    html = visible_text(response.content.decode())
    assert 'lang="zh-hans"' in html
    assert re.search(r"[\u4e00-\u9fff]", html)
    leftovers = [word for word in ENGLISH if word in html]
    assert leftovers == []
