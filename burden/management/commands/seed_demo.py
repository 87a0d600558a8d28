from django.core.management.base import BaseCommand

from burden.demo import demo_logins_create, demo_organisation_create


class Command(BaseCommand):
    help = "Load the deterministic demo data (the seed-000 survey's communities) and one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=None, help="the year of the demo records (default: this year)"
        )

    def handle(self, *args, **options):
        district = demo_organisation_create()
        demo_logins_create(district=district)
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
