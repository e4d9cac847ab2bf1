"""QuickSelect writes the same <select> as Django's widget, in one pass."""

from django import forms

from agency.forms import QuickSelect


class Pick(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "Any"), ("1", "Red & <b>bold</b>"), ("2", "绿色")],
        required=False,
        widget=QuickSelect(attrs={"class": "form-select"}),
    )


def test_the_chosen_option_is_selected_and_labels_are_escaped():
    html = str(Pick({"colour": "2"})["colour"])

    opening = html[: html.index(">") + 1]
    assert opening.startswith("<select ")
    assert all(a in opening for a in ('name="colour"', 'id="id_colour"', 'class="form-select"'))
    assert '<option value="2" selected>绿色</option>' in html
    assert '<option value="1">Red &amp; &lt;b&gt;bold&lt;/b&gt;</option>' in html
    assert '<option value="">Any</option>' in html
    assert html.count(" selected") == 1


def test_it_validates_like_a_select():
    assert Pick({"colour": "1"}).is_valid()
    form = Pick({"colour": "9"})
    assert not form.is_valid()
    assert "colour" in form.errors
