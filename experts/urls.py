from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from experts import views
from experts.accounts import passkey_views, two_factor_views
from experts.accounts import views as account_views
from experts.accounts.forms import AccessiblePasswordResetForm, AccessibleSetPasswordForm
from experts.accounts.ratelimit import limit_posts

app_name = "experts"

urlpatterns = [
    path("experts/", views.directory_view, name="directory"),
    path("experts/<str:slug>/", views.profile_view, name="profile"),
    path("experts/<str:slug>/contact/", views.contact_view, name="contact"),
    path("accounts/sign-in/", account_views.sign_in_view, name="sign_in"),
    path("accounts/sign-in/sent/", account_views.sign_in_sent_view, name="sign_in_sent"),
    path("accounts/sign-in/code/", two_factor_views.sign_in_code_view, name="sign_in_code"),
    path(
        "accounts/sign-in/passkey/options/",
        passkey_views.sign_in_options_view,
        name="passkey_sign_in_options",
    ),
    path("accounts/sign-in/passkey/", passkey_views.sign_in_view, name="passkey_sign_in"),
    path("accounts/sign-in/link/", account_views.sign_in_confirm_view, name="sign_in_confirm"),
    path("accounts/sign-in/link/<str:token>/", account_views.sign_in_link_view, name="sign_in_link"),
    path("accounts/sign-in/new-link/", account_views.sign_in_resend_view, name="sign_in_resend"),
    path("accounts/sign-out/", account_views.sign_out_view, name="sign_out"),
    path("accounts/join/", account_views.membership_request_view, name="join"),
    path("accounts/join/received/", account_views.membership_received_view, name="join_received"),
    path("accounts/claim/", account_views.claim_view, name="claim"),
    path("accounts/claim/<str:token>/", account_views.claim_link_view, name="claim_link"),
    path("accounts/nominate/", views.nominate_view, name="nominate"),
    path("accounts/", views.account_view, name="account"),
    path("accounts/language/", views.account_language_view, name="account_language"),
    path("accounts/two-factor/", two_factor_views.two_factor_view, name="two_factor"),
    path(
        "accounts/two-factor/passkeys/options/",
        passkey_views.register_options_view,
        name="passkey_register_options",
    ),
    path("accounts/two-factor/passkeys/", passkey_views.register_view, name="passkey_register"),
    path("accounts/profile/", views.profile_edit_view, name="profile_edit"),
    path("accounts/my-data/", views.data_export_view, name="data_export"),
    path("accounts/delete/", views.delete_account_view, name="delete_account"),
    path(
        "accounts/password-reset/",
        limit_posts(scope="password_reset", limit=10, window_seconds=3600)(
            auth_views.PasswordResetView.as_view(
                template_name="experts/accounts/password_reset_form.html",
                form_class=AccessiblePasswordResetForm,
                email_template_name="experts/emails/password_reset_body.txt",
                subject_template_name="experts/emails/password_reset_subject.txt",
                success_url=reverse_lazy("experts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="experts/accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="experts/accounts/password_reset_confirm.html",
            form_class=AccessibleSetPasswordForm,
            success_url=reverse_lazy("experts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="experts/accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
