"""PDF documents (proposals, insertion orders, effect reports, invoices) rendered by
WeasyPrint, safely. Every PDF of the project goes through `write_pdf`.

User text reaches the PDF only through Django templates, which escape it, so a section body
of `<img src="file:///etc/passwd">` is printed as those characters. As a second wall,
WeasyPrint fetches through `StaticOnlyFetcher`: it serves files from the static directories
and refuses everything else (file:, http(s):, data:, other hosts, `..`), so even markup that
slipped through could not read the server's files or call out to the network. As a third,
rendering is bounded: user text is capped in the templates (`pdf_cap`, MAX_USER_TEXT
characters per field) and a document larger than MAX_HTML_CHARS is refused before WeasyPrint
sees it, so no input can make a render run for minutes.

Templates extend "pdf/base.html" (fonts with Chinese glyphs, the agency's name and logo from
settings AGENCY_NAME and the optional AGENCY_LOGO, a static path) or media's own, and refer to
images and stylesheets with `{% static %}`; relative URLs resolve against PDF_ORIGIN, the only
origin ever served.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .errors import DomainError

security_log = logging.getLogger("agency.security")
# WeasyPrint logs seven INFO "progress" lines per document; they drown the application's.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

#: Relative URLs in a PDF template resolve against this origin; only it is ever served.
PDF_ORIGIN = "https://pdf.agency.invalid"
#: The most characters of one user-typed field a PDF prints (about ten pages).
MAX_USER_TEXT = 20_000
#: The largest document handed to WeasyPrint (it renders about 60,000 characters a second).
MAX_HTML_CHARS = 1_000_000


class RefusedURL(ValueError):
    """WeasyPrint asked for something outside the static files."""


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that only reads static files; remembers what was asked."""

    def __init__(self):
        super().__init__(allow_redirects=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = self._static_file(url)
        if path is None:
            self.refused.append(url)
            security_log.warning("pdf fetch refused url=%.200s", url)
            raise RefusedURL(f"refused: {url[:200]}")
        self.served.append(url)
        mime_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": mime_type or "application/octet-stream"}
        )

    def _static_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if f"{parts.scheme}://{parts.netloc}" != PDF_ORIGIN or not parts.path.startswith(prefix):
            return None
        relative = posixpath.normpath(unquote(parts.path[len(prefix) :]))
        if relative.startswith(("..", "/")) or "\\" in relative or "\x00" in relative:
            return None
        return _find_static(relative)


def _find_static(relative: str) -> Path | None:
    """The file under STATICFILES_DIRS/app static dirs, or STATIC_ROOT (hashed names)."""
    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def cap_text(text, limit: int = MAX_USER_TEXT) -> str:
    """At most `limit` characters of `text`, marked when cut (the `pdf_cap` filter)."""
    text = "" if text is None else str(text)
    if len(text) <= limit:
        return text
    return text[:limit] + " … " + _("[cut: %(n)s more characters]") % {"n": len(text) - limit}


def letterhead() -> dict:
    """The agency's name and logo (a static path) on every document, from settings."""
    return {
        "agency_name": settings.AGENCY_NAME,
        "agency_logo": getattr(settings, "AGENCY_LOGO", "img/agency-logo.svg"),
    }


def write_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The PDF of an HTML document. Call it outside any row lock (it is slow).
    Raises DomainError when the document is too large to render in bounded time."""
    if len(html) > MAX_HTML_CHARS:
        raise DomainError(_("This document is too large to print."))
    document = HTML(
        string=html, base_url=PDF_ORIGIN + "/", url_fetcher=fetcher or StaticOnlyFetcher()
    )
    return document.write_pdf()


def render_pdf(
    template_name: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """Render a Django template (with the letterhead in its context) to PDF bytes."""
    html = render_to_string(template_name, {**letterhead(), **context})
    return write_pdf(html, fetcher=fetcher)
