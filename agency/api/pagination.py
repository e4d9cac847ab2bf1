from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from agency.web import CountedInPage, Paginator


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (api.md: at most 200; more is served as 200). A page size
    that is not a whole number of at least 1 is refused (400), not silently ignored."""

    django_paginator_class = Paginator  # a whole large table counted from its kept count
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise ValidationError({"page_size": [_("A whole number of at least 1.")]})
        return super().get_page_size(request)


class CountedInPagePagination(PageNumberPagination):
    """For grouped reports: the count read in the page's own query (agency.web)."""

    django_paginator_class = CountedInPage
