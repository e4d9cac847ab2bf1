"""Template helpers every app's pages share."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def agency_name() -> str:
    return getattr(settings, "AGENCY_NAME", "")


@register.filter
def pdf_cap(text, enabled=True):
    """In a PDF (`enabled`), at most agency.pdf.MAX_USER_TEXT characters of user text: a
    huge field must not make a render run for minutes. Pages show the whole text."""
    if not enabled:
        return text
    from agency.pdf import cap_text  # WeasyPrint loads only where PDFs are made

    return cap_text(text)
