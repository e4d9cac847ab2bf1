"""Form pieces every app's pages share: Bootstrap classes on widgets, invalid fields marked;
and the time zone a person chooses (their settings page, the admin)."""

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .time_zones import NOT_A_ZONE, utc_offset, zone_named, zone_names


def css_class_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


class StyledForm:
    """Mixin for forms rendered with templates/partials/field.html: adds Bootstrap's classes
    to every widget, and `is-invalid` to the fields with errors so the message shows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{existing} {css_class_for(field.widget)}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs["class"]:
                    widget.attrs["class"] += " is-invalid"


class DateInput(forms.DateInput):
    """The browser's date picker; ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A <select> written in one pass of Python instead of a template per option.

    The account list's and pipeline's filters offer every client and AE the user sees: at
    agency-group scale, hundreds to thousands of options, and Django's per-option templates
    took most of those pages' time (cProfile at scale 1000: 0.9 s of 1.1 s for an AD).
    Flat choices only (no <optgroup>)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def time_zone_choices() -> list:
    """The agency's zone first (the empty choice), then every zone grouped by region, each
    with its offset from UTC now."""
    now, groups = timezone.now(), {}
    for name in sorted(zone_names()):
        region = name.split("/", 1)[0] if "/" in name else _("Other")
        label = f"{name} ({utc_offset(zone_named(name), now)})"
        groups.setdefault(region, []).append((name, label))
    agency = _("The agency's: %(zone)s") % {"zone": settings.TIME_ZONE}
    return [("", agency), *groups.items()]


class TimeZoneField(forms.ChoiceField):
    """An IANA time zone chosen from a list; blank means the agency's."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid_choice": NOT_A_ZONE})
        super().__init__(choices=time_zone_choices, **kwargs)


class TimeZoneForm(StyledForm, forms.Form):
    time_zone = TimeZoneField(label=gettext_lazy("Time zone"))
