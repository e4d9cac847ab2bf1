"""Query-string filters every app's lists share."""

import django_filters
from django import forms

#: The largest id a database id column (a 64-bit integer) holds.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -MAX_ID)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """An id in a query string (`?account=12`): a whole number a database id column holds.
    A larger one is refused as invalid input (400) instead of reaching the database, where
    SQLite raises OverflowError (500)."""

    field_class = IdField
