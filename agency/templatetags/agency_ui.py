"""Template helpers every app's pages share."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def agency_name() -> str:
    return getattr(settings, "AGENCY_NAME", "")
