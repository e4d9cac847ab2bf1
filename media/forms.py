"""The media pages' forms: they parse input; services decide."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .delivery_import import MAX_IMPORT_BYTES
from .models import Delivery, EffectReport, MediaBuy, MediaOutlet, RateCardEntry
from .services import BUY_FIELDS, DELIVERY_FIELDS, OUTLET_FIELDS


class Styled:
    """Bootstrap classes on every widget, so templates can loop over fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = (
                "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else ("form-select" if isinstance(widget, forms.Select) else "form-control")
            )
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OutletForm(Styled, forms.ModelForm):
    class Meta:
        model = MediaOutlet
        fields = list(OUTLET_FIELDS)
        widgets = {"vendor_address": forms.Textarea(attrs={"rows": 2})}


class RateCardEntryForm(Styled, forms.ModelForm):
    class Meta:
        model = RateCardEntry
        fields = ["placement", "unit_type", "unit_rate"]


RateCardFormSet = inlineformset_factory(
    MediaOutlet,
    RateCardEntry,
    form=RateCardEntryForm,
    fields=["placement", "unit_type", "unit_rate"],
    extra=2,
    can_delete=True,
)


def rate_card_entries(formset) -> list[dict]:
    """The rows of a valid rate-card formset that are filled in and not deleted."""
    return [
        {k: form.cleaned_data[k] for k in ("placement", "unit_type", "unit_rate")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class MediaBuyForm(Styled, forms.ModelForm):
    class Meta:
        model = MediaBuy
        fields = list(BUY_FIELDS)
        widgets = {
            "flight_start": DateInput(),
            "flight_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, outlets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if outlets is not None:
            self.fields["outlet"].queryset = outlets

    def clean(self):
        data = super().clean()
        start, end = data.get("flight_start"), data.get("flight_end")
        if start and end and end < start:
            self.add_error("flight_end", _("The flight ends before it starts."))
        return data


class BookForm(Styled, forms.Form):
    vendor_reference = forms.CharField(label=_("Vendor reference"), max_length=120)
    override_reason = forms.CharField(
        label=_("Budget override reason (account director)"), required=False, max_length=4000
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)


class BuyActionForm(Styled, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)


class DeliveryForm(Styled, forms.ModelForm):
    class Meta:
        model = Delivery
        fields = list(DELIVERY_FIELDS)
        widgets = {"date": DateInput()}


class DeliveryImportForm(Styled, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: media_buy, date, units_delivered, impressions, clicks, spend."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_IMPORT_BYTES // 2**20}
            )
        return upload


class EffectReportForm(Styled, forms.ModelForm):
    class Meta:
        model = EffectReport
        fields = ["summary", "results"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }


class CalendarFilterForm(Styled, forms.Form):
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    outlet = forms.ModelChoiceField(
        label=_("Outlet"), queryset=MediaOutlet.objects.none(), required=False
    )

    def __init__(self, *args, outlets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if outlets is not None:
            self.fields["outlet"].queryset = outlets
