"""The new password typed twice: one pair of fields and one check, shared by the join and claim forms."""

import pytest
from django.utils import translation

from experts.accounts.forms import ClaimForm, MembershipRequestForm, PasswordPairMixin

STRONG = "clean-air-river-73"


def join_form(first: str, second: str) -> MembershipRequestForm:
    return MembershipRequestForm(
        {
            "full_name": "Lan Nguyen",
            "email": "lan@danang.gov.vn",
            "organisation": "Da Nang DONRE",
            "preferred_language": "vi",
            "password1": first,
            "password2": second,
        }
    )


def claim_form(first: str, second: str) -> ClaimForm:
    return ClaimForm({"preferred_language": "th", "password1": first, "password2": second}, email="a@b.org")


FORMS = [pytest.param(join_form, id="join"), pytest.param(claim_form, id="claim")]


@pytest.mark.django_db
@pytest.mark.parametrize("make", FORMS)
@pytest.mark.parametrize("language", ["en", "th"])
def test_both_forms_refuse_a_mismatched_pair_with_the_same_error_on_the_repeat(make, language):
    with translation.override(language):
        form = make(STRONG, STRONG + "x")
        assert not form.is_valid()
        errors = form.errors.as_data()
        message = str(form.errors["password2"][0])
        expected = str(claim_form(STRONG, STRONG + "x").errors["password2"][0])

    assert list(errors) == ["password2"]
    assert [error.code for error in errors["password2"]] == ["password_mismatch"]
    assert message == expected
    if language == "th":
        assert message == "รหัสผ่านทั้งสองช่องไม่ตรงกัน"
    else:
        assert message == "The two passwords do not match."


@pytest.mark.django_db
@pytest.mark.parametrize("make", FORMS)
def test_both_forms_accept_a_matching_strong_pair(make):
    form = make(STRONG, STRONG)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["password2"] == STRONG


@pytest.mark.django_db
@pytest.mark.parametrize("make", FORMS)
def test_both_forms_refuse_a_matching_weak_pair(make):
    form = make("password", "password")

    assert not form.is_valid()
    assert list(form.errors) == ["password2"]


def test_the_pair_comes_last_in_both_forms_with_its_labels_and_the_same_check():
    join_fields = list(MembershipRequestForm.base_fields)
    claim_fields = list(ClaimForm.base_fields)

    assert join_fields[-2:] == claim_fields[-2:] == ["password1", "password2"]
    assert join_fields[:-2] == [
        "full_name",
        "email",
        "organisation",
        "position",
        "city",
        "preferred_language",
    ]
    assert claim_fields[:-2] == ["preferred_language"]
    assert str(MembershipRequestForm.base_fields["password1"].label) == "Password"
    assert str(ClaimForm.base_fields["password1"].label) == "Choose a password"
    for form in (MembershipRequestForm, ClaimForm):
        assert str(form.base_fields["password2"].label) == "Password again"
        assert form.base_fields["password1"].widget.attrs["autocomplete"] == "new-password"
        assert issubclass(form, PasswordPairMixin)
    # Each form has fields of its own, not one pair shared between classes.
    assert MembershipRequestForm.base_fields["password1"] is not ClaimForm.base_fields["password1"]
