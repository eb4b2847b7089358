"""`manage.py issue_otp_enrolment USERNAME`: print a one-time link that sets up the user's
authenticator app (congress_admin.otp). Issuing again voids the previous link; audited."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from congress_admin.otp import issue_enrolment


class Command(BaseCommand):
    help = "Print a one-time enrolment link for USERNAME's authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--base-url",
            default="",
            help="prefix of the printed link, e.g. https://daihoi.example.vn",
        )

    def handle(self, *args, username, base_url, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        self.stdout.write(base_url.rstrip("/") + issue_enrolment(user=user, actor=None))
