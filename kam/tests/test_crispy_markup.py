"""kam_markup's crispy_form and form_field write what crispy wrote, field for
field: labels and required marks, errors, help, radios, hidden version, in both
languages (the visit page's follow-up and waiver forms use them)."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms.utils import render_crispy_form
from django import forms
from django.test.html import parse_html
from django.utils import translation

from kam.templatetags.kam_markup import crispy_form, form_field
from prospects.tests.factories import ProspectFactory
from visits.field_forms import PhotoForm
from visits.forms import FollowUpForm, WaiverForm
from visits.models import FollowUp
from visits.tests.factories import held_visit

LANGUAGES = ["en", "zh-hans"]


def _same(ours, crispys):
    assert parse_html(str(ours)) == parse_html(str(crispys))


@pytest.fixture
def follow_up(rep, supervisor):
    return FollowUp.objects.get(
        visit=held_visit(ProspectFactory(owner=rep), supervisor)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_follow_up_form_unbound(follow_up, language):
    with translation.override(language):
        form = FollowUpForm(instance=follow_up)
        html = crispy_form(form)
        _same(html, render_crispy_form(form, form.helper))
    assert 'name="version"' in html
    assert '<span class="asteriskField">*</span>' in html
    assert 'type="radio"' in html
    assert "<legend>" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_follow_up_form_with_errors(follow_up, language):
    with translation.override(language):
        form = FollowUpForm(
            {"method": "phone", "duration_minutes": "x", "version": "99"},
            instance=follow_up,
        )
        assert not form.is_valid()
        assert form.non_field_errors()  # the version is not the record's
        html = crispy_form(form)
        _same(html, render_crispy_form(form, form.helper))
    assert 'aria-invalid="true"' in html
    assert "invalid-feedback" in html
    assert "alert-danger" in html


def test_a_radio_with_errors_and_help(db):
    class Form(forms.Form):
        kind = forms.ChoiceField(
            choices=[("a", "A & B"), ("c", "C")],
            widget=forms.RadioSelect,
            help_text="Pick <one>",
        )

    form = Form({})
    assert not form.is_valid()
    _same(form_field(form["kind"]), as_crispy_field(form["kind"]))
    unbound = Form()
    _same(form_field(unbound["kind"]), as_crispy_field(unbound["kind"]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_waiver_and_photo_fields(db, language):
    with translation.override(language):
        for form in (
            WaiverForm(),
            WaiverForm({"reason": ""}),
            PhotoForm(),
            PhotoForm({}),
        ):
            form.is_valid() if form.is_bound else None
            for field in form:
                _same(form_field(field), as_crispy_field(field))


def test_a_field_with_help_and_a_select(db):
    class Form(forms.Form):
        name = forms.CharField(help_text="As on the licence", required=False)
        size = forms.ChoiceField(choices=[("", "—"), ("s", "Small")])

    for form in (Form(), Form({"size": "x"})):
        form.is_valid() if form.is_bound else None
        for field in form:
            _same(form_field(field), as_crispy_field(field))
