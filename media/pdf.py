"""HTML to PDF with WeasyPrint, fetching nothing but the project's own static files.

User text in a document (an outlet's name, a placement) may contain
`<img src="file:///etc/passwd">` or an external URL: templates escape it, and even markup
that reaches WeasyPrint cannot make it read a file outside static/ or touch the network.
(Another branch adds a shared renderer at agency/pdf.py; the two are to be merged.)
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


class StaticOnlyFetcher(URLFetcher):
    """Serves file: URLs under static/; refuses every other URL with ValueError (WeasyPrint
    then leaves the resource out and renders the rest)."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"refused to fetch {url!r}: only static files")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(static_root()) or not path.is_file():
            raise ValueError(f"refused to fetch {url!r}: not under static/")
        return URLFetcherResponse(url, body=path.read_bytes())


def render_pdf(html: str) -> bytes:
    """The PDF of `html`; relative URLs resolve against static/."""
    base_url = static_root().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).write_pdf()
