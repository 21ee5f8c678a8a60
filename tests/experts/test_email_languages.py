"""Every e-mail of the accounts flow is written in the recipient's language: the one stored on
their account (chosen at sign-up, changeable on the account page), or, before there is an
account, the one the editor or focal point chose for the invitation.

Expected texts come from the catalogues through gettext, and each is checked to differ from the
English original, so a missing translation or a message rendered in the wrong language fails.
Strings added with issue 10 (the focal point's nomination notices) may not be translated yet:
those e-mails are checked on language-independent markers instead (the links' language prefix
and strings the catalogues already translate).
"""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from experts import services
from experts.accounts import services as account_services
from experts.accounts.models import Account, AccountRole, AccountStatus, FocalPointType
from experts.factories import DEFAULT_PASSWORD, AccountFactory, ExpertFactory, UserFactory, expert_user
from experts.models import Nomination
from knowledge.models import City
from tests.experts.conftest import last_link
from tests.experts.moderation import review_task

pytestmark = pytest.mark.django_db
LANGUAGES = ["vi", "id", "th"]


def translated(language: str, msgid: str, **values: str) -> str:
    """`msgid` in `language`; fails when the catalogue has no translation for it."""
    with translation.override(language):
        text = gettext(msgid)
    assert text != msgid, f"{msgid!r} is not translated into {language}"
    return text % values if values else text


@pytest.fixture
def editor(site):
    return UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)


def member_speaking(language: str, email: str = "mai@example.org", **extra) -> Account:
    return AccountFactory(
        user=UserFactory(email=email, first_name="Mai"), preferred_language=language, **extra
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_link(client: Client, site, language):
    # The account asks for e-mails in another language; the sign-in is started on a page in
    # `language`, and the whole flow stays in the language the person is reading.
    other = next(code for code in LANGUAGES if code != language)
    member_speaking(other)

    client.post(f"/{language}/accounts/sign-in/", {"email": "mai@example.org", "password": DEFAULT_PASSWORD})

    (message,) = mail.outbox
    assert message.subject == translated(language, "Your sign-in link")
    assert (
        translated(
            language,
            "If this was not you, ignore this e-mail and change your password: nobody can sign in without this link.",
        )
        in message.body
    )
    link = last_link("/accounts/sign-in/link/")
    assert link.startswith(f"/{language}/")
    confirm = client.get(link)["Location"]
    landed = client.post(confirm)["Location"]
    assert landed == f"/{language}/accounts/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_follows_the_page_it_was_asked_for_on(client: Client, site, language):
    # Issue 20: the language of the page where a flow starts carries through its e-mail and link,
    # whatever the account's e-mail language (English here).
    member_speaking("en")

    client.post(f"/{language}/accounts/password-reset/", {"email": "mai@example.org"})

    (message,) = mail.outbox
    assert message.subject == translated(language, "Reset your password")
    assert translated(language, "If you did not ask for this, ignore this e-mail.") in message.body
    link = last_link("/accounts/password-reset/")
    assert link.startswith(f"/{language}/")

    # The link, the new password and the page after it stay in that language.
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.wsgi_request.path.startswith(f"/{language}/")
    done = client.post(
        form.wsgi_request.path,
        {"new_password1": "Mekong-delta-air-2027", "new_password2": "Mekong-delta-air-2027"},
        follow=True,
    )
    assert done.redirect_chain[-1][0].startswith(f"/{language}/")
    assert f'<html lang="{language}"' in done.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_membership_request_received_and_decisions(site, editor, language):
    account = account_services.request_membership(
        email="new.member@example.org",
        password="Mekong-delta-air-2026",
        full_name="Lan",
        organisation="Can Tho DONRE",
        position="",
        city=City.objects.get(slug="hanoi"),
        preferred_language=language,
    )
    account_services.send_back_account(account=account, actor=editor, comment="Please add your department.")
    # Only a pending request can be decided (a second decision is refused): put it back in the queue.
    Account.objects.filter(pk=account.pk).update(status=AccountStatus.PENDING)
    account_services.approve_account(account=account, actor=editor)

    received, sent_back, approved = mail.outbox
    assert received.subject == translated(language, "We received your request to join")
    assert (
        translated(
            language,
            "Thank you for asking to join the Clean Air Knowledge Exchange. An editor will check your request and e-mail you.",
        )
        in received.body
    )
    assert sent_back.subject == translated(language, "About your request to join")
    assert (
        translated(language, "An editor could not approve your request yet. Their comment:") in sent_back.body
    )
    assert "Please add your department." in sent_back.body
    assert approved.subject == translated(language, "Your membership is approved")


@pytest.mark.parametrize("language", LANGUAGES)
def test_joining_again_with_a_registered_address_tells_its_owner_in_their_language(site, language):
    member_speaking(language)

    account_services.request_membership(
        email="MAI@example.org",
        password="Mekong-delta-air-2026",
        full_name="Someone",
        organisation="",
        position="",
        city=None,
        preferred_language="en",  # what the stranger chose does not matter: the owner's does
    )

    (message,) = mail.outbox
    assert message.subject == translated(language, "You already have an account")
    assert f"/{language}/accounts/sign-in/" in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitation_to_claim_a_profile(site, editor, language):
    expert = ExpertFactory(name="Nguyễn Văn Hải", email="hai@example.net", user=None)

    account_services.invite_expert(
        expert=expert, invited_by=editor, base_url="https://portal.example.org", language=language
    )

    (message,) = mail.outbox
    assert message.subject == translated(language, "Your expert profile on the Clean Air Knowledge Exchange")
    assert translated(language, "Dear %(name)s,", name="Nguyễn Văn Hải") in message.body
    assert last_link("/accounts/claim/").startswith(f"/{language}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_moderation_notices(site, editor, language):
    expert = ExpertFactory(name="Siti Rahma", email="siti@example.org")
    user = expert_user(expert, language=language)

    services.submit_profile_revision(expert=expert, user=user, data={"skills": ["PMF"]})
    services.decide(task_state=review_task(expert), user=editor, action="reject", comment="Add a source.")
    services.submit_profile_revision(expert=expert, user=user, data={"skills": ["PMF", "WRF"]})
    services.decide(task_state=review_task(expert), user=editor, action="approve")
    services.submit_profile_revision(expert=expert, user=user, data={"skills": ["Spam"]})
    services.decide(task_state=review_task(expert), user=editor, action="decline", comment="Not a skill.")

    # Only the expert's letters: Wagtail tells the editors about each submission in their own.
    sent_back, approved, declined = [message for message in mail.outbox if message.to == [expert.email]]
    assert sent_back.subject == translated(language, "Your profile changes need another look")
    assert (
        translated(language, "An editor sent your profile changes back with this comment:") in sent_back.body
    )
    assert approved.subject == translated(language, "Your profile changes are published")
    assert (
        translated(
            language,
            "An editor approved the changes to your expert profile; they are now shown on the portal.",
        )
        in approved.body
    )
    assert declined.subject == translated(language, "Your profile changes were not published")
    assert "Not a skill." in declined.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_relay_to_an_expert_with_an_account(site, language):
    expert = ExpertFactory(name="Somchai", email="somchai@example.org")
    expert_user(expert, language=language)
    sender = member_speaking("en", email="sender@example.org").user

    services.send_contact_message(sender=sender, expert=expert, subject="Kiln study", body="Could we talk?")

    (message,) = mail.outbox
    assert message.to == ["somchai@example.org"]
    assert translated(language, "Dear %(name)s,", name="Somchai") in message.body
    assert translated(language, "Your e-mail address was not shown to the sender.") in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_relay_to_an_expert_without_an_account_uses_a_language_they_speak(site, language):
    expert = ExpertFactory(name="Dewi", email="dewi@example.org", languages=[language, "en"])
    sender = member_speaking("en", email="sender@example.org").user

    services.send_contact_message(sender=sender, expert=expert, subject="Hello", body="A question.")

    (message,) = mail.outbox
    assert translated(language, "Your e-mail address was not shown to the sender.") in message.body


@pytest.fixture
def nomination_of(site):
    def nominate(language: str) -> Nomination:
        focal_point = member_speaking(
            language,
            email="focal@example.org",
            role=AccountRole.FOCAL_POINT,
            status=AccountStatus.APPROVED,
            focal_point_type=FocalPointType.GOVERNMENT,
        )
        return services.nominate_expert(
            account=focal_point,
            name="Trần Quốc Bảo",
            email="bao@example.net",
            organisation="Hanoi University of Science",
            organisation_type="academia",
            city=City.objects.get(slug="hanoi"),
            themes=[],
            actions=[],
            reason="Led the craft villages inventory.",
            language="vi",
        )

    return nominate


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_focal_point_hears_of_an_approved_nomination_in_their_language(nomination_of, editor, language):
    nomination = nomination_of(language)

    services.approve_nomination(nomination=nomination, actor=editor, base_url="https://portal.example.org")

    # Editors also hear of the nomination from Wagtail's moderation workflow; these are the
    # nominee's invitation and the focal point's notice.
    invitation, notice = [message for message in mail.outbox if message.to != [editor.email]]
    assert invitation.to == ["bao@example.net"]
    assert notice.to == ["focal@example.org"]
    assert "Trần Quốc Bảo" in notice.subject
    assert f"https://portal.example.org/{language}/accounts/nominate/" in notice.body
    assert f"https://portal.example.org/{language}/experts/{nomination.expert.slug}/" in notice.body
    assert translated(language, "Clean Air Knowledge Exchange") in notice.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_focal_point_hears_why_a_nomination_was_declined_in_their_language(
    nomination_of, editor, language
):
    nomination = nomination_of(language)

    services.decline_nomination(nomination=nomination, actor=editor, comment="Nominate through the ministry.")

    (notice,) = [message for message in mail.outbox if message.to != [editor.email]]
    assert notice.to == ["focal@example.org"]
    assert "Trần Quốc Bảo" in notice.subject
    assert "Nominate through the ministry." in notice.body
    assert translated(language, "Editor's comment") in notice.body
    assert f"/{language}/accounts/nominate/" in notice.body


# --------------------------------------------------------------------------------------------
# Choosing and changing the language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_up_form_offers_the_page_language_for_e_mails(client: Client, site, language):
    html = client.get(f"/{language}/accounts/join/").content.decode()

    assert f'<option value="{language}" selected>' in html


def test_the_account_page_shows_and_changes_the_e_mail_language(client: Client, site):
    account = member_speaking("vi")
    client.force_login(account.user)

    page = client.get("/en/accounts/").content.decode()
    assert '<option value="vi" selected>' in page

    response = client.post("/en/accounts/language/", {"preferred_language": "th"})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/")
    account.refresh_from_db()
    assert account.preferred_language == "th"
    # E-mails nobody asked for from a page (an editor's decision) are written in the chosen
    # language; the sign-in link and the password reset follow the page they were asked for on
    # (test_sign_in_link, test_password_reset_follows_the_page_it_was_asked_for_on).
    assert account_services.preferred_language_of(account.user) == "th"


def test_an_unknown_e_mail_language_is_refused(client: Client, site):
    account = member_speaking("vi")
    client.force_login(account.user)

    response = client.post("/en/accounts/language/", {"preferred_language": "fr"})

    assert response.status_code == 400
    assert 'href="#id_preferred_language"' in response.content.decode()
    account.refresh_from_db()
    assert account.preferred_language == "vi"


def test_changing_the_e_mail_language_needs_sign_in(client: Client, site):
    response = client.post("/en/accounts/language/", {"preferred_language": "th"})

    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
