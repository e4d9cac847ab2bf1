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


class Grouped(forms.Form):
    person = forms.TypedChoiceField(
        coerce=int,
        choices=[
            ("", "Choose…"),
            ("Creative", [(1, "Li Na"), (2, "Wang <Wei>")]),
            ("Media", [(3, "Zhao")]),
        ],
        widget=QuickSelect,
    )


def test_groups_become_optgroups_as_with_djangos_select():
    html = str(Grouped({"person": "2"})["person"])

    assert '<option value="">Choose…</option>' in html
    assert (
        '<optgroup label="Creative"><option value="1">Li Na</option>'
        '<option value="2" selected>Wang &lt;Wei&gt;</option></optgroup>'
    ) in html
    assert '<optgroup label="Media"><option value="3">Zhao</option></optgroup>' in html
    assert Grouped({"person": "3"}).is_valid()


def test_values_and_group_labels_are_escaped_too():
    hostile = '"><script>alert(1)</script>'
    widget = QuickSelect(choices=[(hostile, "x"), (hostile, [(1, "y")])])

    html = widget.render("f", hostile)

    assert "<script>" not in html
    assert (
        '<option value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" selected>x</option>'
        in html
    )
    assert '<optgroup label="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in html
