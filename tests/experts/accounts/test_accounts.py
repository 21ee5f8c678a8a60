import pytest
from django.core import mail
from django.test import Client

from experts.factories import AccountFactory, UserFactory
from tests.experts.conftest import last_link, sign_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Kathmandu-valley-kilns-9"


def test_password_reset_mails_a_link_and_sign_in_still_needs_the_second_step(client: Client, site):
    AccountFactory(user=UserFactory(email="ana@example.org"), preferred_language="th")

    response = client.post("/en/accounts/password-reset/", {"email": "ANA@example.org"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["ana@example.org"]
    link = last_link("/accounts/password-reset/")
    # The reset was asked for on an English page: its link stays English (issue 20).
    assert link.startswith("/en/")

    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.request["PATH_INFO"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "ana@example.org", NEW_PASSWORD).endswith("/accounts/")


def test_unknown_addresses_get_the_same_answer_and_no_mail(client: Client, site):
    response = client.post("/en/accounts/password-reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert not mail.outbox


def test_join_form_is_rate_limited_per_address(site):
    client = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(10):
        client.post("/en/accounts/join/", {"full_name": "x"})

    assert client.post("/en/accounts/join/", {"full_name": "x"}).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.51").post("/en/accounts/join/", {"full_name": "x"}).status_code == 400


def test_sign_up_form_labels_and_errors_are_linked(client: Client, site):
    response = client.post("/en/accounts/join/", {"email": "not-an-address", "full_name": "Ana"})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<label for="id_email">' in html
    assert 'aria-describedby="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_email"' in html
    assert 'value="Ana"' in html


def test_account_pages_need_sign_in(client: Client, site):
    for path in ("/en/accounts/", "/en/accounts/profile/", "/en/accounts/my-data/", "/en/accounts/delete/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]


def test_sign_out_needs_a_post(client: Client, site):
    user = AccountFactory().user
    client.force_login(user)

    assert client.get("/en/accounts/sign-out/").status_code == 405
    assert client.post("/en/accounts/sign-out/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_pages_carry_no_inline_scripts_or_styles(client: Client, site):
    for path in (
        "/en/experts/",
        "/en/accounts/sign-in/",
        "/en/accounts/join/",
        "/th/accounts/password-reset/",
    ):
        html = client.get(path).content.decode()
        assert "style=" not in html
        assert "<script>" not in html


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(site):
    client = Client(REMOTE_ADDR="192.0.2.60")
    for number in range(10):
        client.post("/en/accounts/join/", {"full_name": "x"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")

    answer = client.post("/en/accounts/join/", {"full_name": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert answer.status_code == 429


def test_joining_with_a_registered_address_reveals_nothing_and_tells_the_owner(client: Client, site):
    from experts.factories import UserFactory

    owner = UserFactory(email="taken@example.org", username="taken@example.org")
    data = {
        "email": "taken@example.org",
        "full_name": "Someone Else",
        "organisation": "Elsewhere",
        "position": "Officer",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
        "preferred_language": "en",
    }
    fresh = {**data, "email": "new.person@example.org"}

    taken_answer = client.post("/en/accounts/join/", data)
    fresh_answer = client.post("/en/accounts/join/", fresh)

    assert taken_answer.status_code == fresh_answer.status_code == 302
    assert taken_answer["Location"] == fresh_answer["Location"]
    assert type(owner).objects.filter(email__iexact="taken@example.org").count() == 1
    to_owner = [message for message in mail.outbox if message.to == ["taken@example.org"]]
    assert len(to_owner) == 1
    assert "already has an account" in to_owner[0].body
    assert "/en/accounts/password-reset/" in to_owner[0].body
