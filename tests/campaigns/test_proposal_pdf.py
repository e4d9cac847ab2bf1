"""The proposal PDF: it opens, carries the sections, budget and Chinese text, and prints
hostile text as text while WeasyPrint fetches nothing outside the static files."""

import subprocess
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from weasyprint import HTML

from agency.pdf import PDF_ORIGIN, RefusedURL, StaticOnlyFetcher, render_pdf
from campaigns.selectors.proposals import proposal_list_entry
from tests.factories import make_proposal, walk_proposal

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<img src="file:///etc/passwd"> and ![x](http://example.com/x.png) http://example.com/x.png'
)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    """What a reader sees: the text pdftotext extracts (poppler-utils)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=30,
    )
    return result.stdout.decode("utf-8")


def render(proposal, fetcher=None, language="en"):
    with translation.override(language):
        return render_pdf(
            "campaigns/proposal_pdf.html",
            {"proposal": proposal_list_entry(proposal), "account": proposal.account},
            fetcher=fetcher,
        )


def test_the_pdf_opens_with_cover_sections_budget_and_chinese(planning_account, ae, tmp_path):
    proposal = make_proposal(planning_account, by=ae)

    content = render(proposal)

    assert content.startswith(b"%PDF-")
    text = pdf_text(content, tmp_path)
    assert "Spring launch 春季新品提案" in text  # the cover
    assert "Huaguang Advertising 华光广告" in text  # the agency, from settings
    assert "Strategy 策略" in text and "抓住办公室下午茶时间。" in text
    assert "Creative concept 创意" in text and "冷泡的从容" in text
    assert "Media plan 媒介计划" in text
    assert "创意制作" in text and "120,000.00" in text and "CNY 450,000.50" in text


def test_the_pdf_is_in_the_users_language(planning_account, ae, tmp_path):
    proposal = make_proposal(planning_account, by=ae)

    english = pdf_text(render(proposal, language="en"), tmp_path)
    chinese = pdf_text(render(proposal, language="zh-hans"), tmp_path)

    # The cover's date is formatted in the language (Django's zh-hans format: 2025年3月1日).
    today = timezone.localdate()
    with translation.override("zh-hans"):
        chinese_date = date_format(today, "DATE_FORMAT")
    with translation.override("en"):
        english_date = date_format(today, "DATE_FORMAT")
    assert chinese_date.endswith("日") and chinese_date in chinese and chinese_date not in english
    assert english_date in english and english_date not in chinese


def test_the_pdf_shows_who_approved_it(planning_account, ae, ad, tmp_path):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="accepted", ae=ae, ad=ad)

    text = pdf_text(render(proposal), tmp_path)

    assert "Accepted by the client" in text and "Ms Li 李女士" in text and "PO-001" in text


def test_hostile_text_is_printed_and_nothing_is_fetched(planning_account, ae, tmp_path):
    proposal = make_proposal(
        planning_account,
        by=ae,
        sections=[{"department": "creative", "title": "<b>Bold</b> 标题", "body": HOSTILE}],
        budget=[{"description": '<img src="http://example.com/x.png">', "amount": "1.00"}],
    )
    fetcher = StaticOnlyFetcher()

    text = pdf_text(render(proposal, fetcher), tmp_path)

    assert '<img src="file:///etc/passwd">' in text
    assert "http://example.com/x.png" in text
    assert "<b>Bold</b> 标题" in text
    assert "root:" not in text  # /etc/passwd was not read into the document
    assert fetcher.refused == []  # escaped: WeasyPrint never even asked
    assert fetcher.served == [f"{PDF_ORIGIN}/static/img/agency-logo.svg"]


def test_markup_that_got_through_would_still_fetch_nothing(tmp_path):
    html = (
        '<img src="file:///etc/passwd"><img src="http://example.com/x.png">'
        '<link rel="stylesheet" href="https://example.com/evil.css">'
        '<img src="/static/../../../../etc/passwd"><img src="/static/img/agency-logo.svg">'
        "<p>body</p>"
    )
    fetcher = StaticOnlyFetcher()

    content = HTML(string=html, base_url=PDF_ORIGIN + "/", url_fetcher=fetcher).write_pdf()

    assert "root:" not in pdf_text(content, tmp_path)
    assert set(fetcher.refused) == {
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/evil.css",
        f"{PDF_ORIGIN}/etc/passwd",  # the parser resolved the ../ first; still refused
    }
    assert fetcher.served == [f"{PDF_ORIGIN}/static/img/agency-logo.svg"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "data:text/plain,hello",
        f"{PDF_ORIGIN}/static/../settings.py",
        f"{PDF_ORIGIN}/static/%2e%2e/%2e%2e/agency/settings.py",
        f"{PDF_ORIGIN}/static/img/missing.png",
        f"{PDF_ORIGIN}/media/upload.png",
        "https://pdf.agency.invalid.example.com/static/img/agency-logo.svg",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    fetcher = StaticOnlyFetcher()

    with pytest.raises(RefusedURL):
        fetcher(url)
    assert fetcher.refused == [url] and fetcher.served == []


def test_the_fetcher_serves_a_static_file():
    response = StaticOnlyFetcher()(f"{PDF_ORIGIN}/static/img/agency-logo.svg")

    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg")


# --- Downloads ---------------------------------------------------------------------------
def test_the_api_serves_the_pdf(api, planning_account, ae, tmp_path):
    proposal = make_proposal(planning_account, by=ae)

    response = api(ae).get(f"/api/proposals/{proposal.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"proposal-{planning_account.pk}-v1.pdf" in response["Content-Disposition"]
    assert "Strategy 策略" in pdf_text(response.content, tmp_path)


def test_the_api_pdf_follows_the_users_language(api, planning_account, ae, tmp_path):
    ae.language = "zh-hans"
    ae.save(update_fields=["language"])
    proposal = make_proposal(planning_account, by=ae)

    response = api(ae).get(f"/api/proposals/{proposal.pk}/pdf/")

    with translation.override("zh-hans"):
        chinese_date = date_format(timezone.localdate(), "DATE_FORMAT")
    assert chinese_date in pdf_text(response.content, tmp_path)


def test_the_page_links_and_serves_the_pdf(client, planning_account, ae, tmp_path):
    proposal = make_proposal(planning_account, by=ae)
    client.force_login(ae)

    page = client.get(f"/proposals/{proposal.pk}/")
    response = client.get(f"/proposals/{proposal.pk}/pdf/")

    assert f'href="/proposals/{proposal.pk}/pdf/"'.encode() in page.content
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "创意制作" in pdf_text(response.content, tmp_path)


def test_an_outsider_cannot_download_it(client, planning_account, ae, other_ae):
    proposal = make_proposal(planning_account, by=ae)
    client.force_login(other_ae)

    assert client.get(f"/proposals/{proposal.pk}/pdf/").status_code == 404
