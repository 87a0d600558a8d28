from django.core.management.base import BaseCommand

from burden.demo import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins, one per role."

    def handle(self, *args, **options):
        for username, _role, _field, _code, label in DEMO_LOGINS:
            self.stdout.write(f"    {username:<16} {label}")
        self.stdout.write(f"    {'admin':<16} Django admin (superuser)")
