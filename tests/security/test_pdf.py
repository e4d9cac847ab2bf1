"""reliability.md 17: every PDF goes through agency.pdf. User text holding markup, external
URLs or a megabyte is printed as text; WeasyPrint fetches nothing but static files; a render
stays bounded in time and memory."""

import resource
import subprocess
import time
from decimal import Decimal

import pytest

from agency import pdf
from agency.errors import DomainError
from billing import services as billing
from billing.models import LineKind
from billing.pdf import render_invoice_pdf
from media import documents
from media.services import save_effect_report

pytestmark = pytest.mark.django_db

HOSTILE = '<img src="file:///etc/passwd"> <img src="http://example.com/x.png">'
MEGABYTE = "广告" * 262_144 + "x" * 524_288  # 1 MiB of characters, no spaces to break at


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def fetches(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for, and whether it was served."""
    asked = []
    original = pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except pdf.RefusedURL:
            asked.append((url, "refused"))
            raise
        asked.append((url, "served"))
        return response

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", spy)
    return asked


def test_markup_that_reaches_weasyprint_is_refused_by_the_fetcher(fetches):
    # Given HTML with a file URL, an external image and a static stylesheet
    html = (
        '<link rel="stylesheet" href="/static/css/app.css">'
        f"<p>before</p>{HOSTILE}<iframe src='file:///etc/passwd'></iframe><p>after</p>"
    )
    # When it is rendered
    text = pdf_text(pdf.write_pdf(html))
    # Then the fetcher was asked for each and refused all but the static file
    assert ("file:///etc/passwd", "refused") in fetches
    assert ("http://example.com/x.png", "refused") in fetches
    assert (f"{pdf.PDF_ORIGIN}/static/css/app.css", "served") in fetches
    assert "before" in text and "after" in text
    assert "root:x:0:0" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://127.0.0.1/admin/",
        "data:text/plain,hello",
        f"{pdf.PDF_ORIGIN}/static/../manage.py",
        f"{pdf.PDF_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{pdf.PDF_ORIGIN}/media/x.png",
        "https://pdf.agency.invalid.example.com/static/css/app.css",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyFetcher().fetch(url)


def test_user_text_in_an_effect_report_is_printed_as_text(account, ae, fetches):
    save_effect_report(account=account, by=ae, summary=HOSTILE, results="http://example.com/x.png")
    text = pdf_text(documents.effect_report_pdf(account, ae))
    flat = text.replace("\n", " ")
    assert 'src="file:///etc/passwd">' in flat and "http://example.com/x.png" in flat
    assert [url for url, _ in fetches] == []  # escaped: nothing to fetch at all
    assert "root:x:0:0" not in text


def _bounded(render) -> tuple[float, int]:
    """Seconds and megabytes of peak memory growth of one render."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    content = render()
    elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
    return elapsed, grown, pdf_text(content)


def test_a_megabyte_of_text_renders_capped_in_bounded_time_and_memory(account, ae):
    # Given an effect report whose summary and results are a megabyte each
    save_effect_report(account=account, by=ae, summary=MEGABYTE, results=MEGABYTE)
    # When its PDF is rendered
    elapsed, grown, text = _bounded(lambda: documents.effect_report_pdf(account, ae))
    # Then it is done in seconds, prints the start of the text and says it was cut
    assert elapsed < 30 and grown < 400, (elapsed, grown)
    assert "广告广告" in text and "[cut:" in text
    assert len(text) < 200_000


def test_an_invoice_with_a_megabyte_of_notes_renders_capped(account, ae):
    line = {
        "kind": LineKind.FEE,
        "description": HOSTILE[:300],
        "quantity": Decimal("1"),
        "unit_price": Decimal("10.00"),
        "vat_rate": Decimal("0.06"),
    }
    account.client.address = MEGABYTE
    account.client.save()
    invoice = billing.create_invoice(account=account, by=ae, lines=[line], notes=MEGABYTE)
    elapsed, grown, text = _bounded(lambda: render_invoice_pdf(invoice))
    assert elapsed < 30 and grown < 400, (elapsed, grown)
    # (the invoice is printed in Chinese: its mark says 已截断, "cut")
    assert "[已截断" in text.replace("\n", "").replace(" ", "")
    assert "root:x:0:0" not in text


def test_an_insertion_order_with_a_megabyte_of_vendor_text_renders_capped(account, ae):
    from tests.factories import MediaOutletFactory
    from tests.media.helpers import advance_to, book_buy, plan_buy

    outlet = MediaOutletFactory(vendor_address=MEGABYTE, name=HOSTILE[:200])
    account = advance_to(account, "in_production", ae)
    buy = book_buy(plan_buy(account, outlet, ae, notes=MEGABYTE, unit_rate="1.00"), ae)
    elapsed, grown, text = _bounded(lambda: documents.insertion_order_pdf(buy, ae))
    assert elapsed < 30 and grown < 400, (elapsed, grown)
    assert "cut:" in text and 'src="file:///etc/passwd"' in text.replace("\n", " ")


def test_a_document_too_large_to_render_is_refused_before_weasyprint():
    with pytest.raises(DomainError):
        pdf.write_pdf("<p>" + "x" * (pdf.MAX_HTML_CHARS + 1) + "</p>")


def test_every_pdf_of_the_project_goes_through_agency_pdf():
    """No module but agency/pdf.py talks to WeasyPrint."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    users = [
        str(path.relative_to(root))
        for app in ("agency", "accounts", "campaigns", "media", "billing")
        for path in (root / app).rglob("*.py")
        if "import weasyprint" in (text := path.read_text()) or "from weasyprint" in text
    ]
    assert users == ["agency/pdf.py"]
