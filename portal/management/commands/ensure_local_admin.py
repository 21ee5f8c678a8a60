from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
EMAIL = "admin@example.org"
PASSWORD = "clean-air-local"  # noqa: S105 - a laptop-only account, refused outside DEBUG


class Command(BaseCommand):
    help = "Create the local administrator account of `make run` (development only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin only runs with DEBUG on (development settings).")
        User = get_user_model()
        user, created = User.objects.get_or_create(username=USERNAME, defaults={"email": EMAIL})
        if created:
            user.set_password(PASSWORD)
        user.email = EMAIL
        user.is_staff = True
        user.is_superuser = True
        user.save()
        self.stdout.write(
            f"Sign in at {settings.WAGTAILADMIN_BASE_URL}/admin/ as {USERNAME} / {PASSWORD}"
            f" (e-mails, sign-in links included, land in {settings.EMAIL_FILE_PATH}/)."
        )
