import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from burden.demo import demo_logins_create, demo_organisation_create, demo_records_create
from tasks.demo import demo_access_requests_create


class Command(BaseCommand):
    help = "Load the deterministic demo data (the seed-000 survey's communities, their burden records) and one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=None, help="the year of the demo records (default: this year)"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        year = options["year"] or timezone.localdate().year
        district = demo_organisation_create()
        demo_logins_create(district=district)
        counts = demo_records_create(year=year)
        # The registers' own demo pieces: the certificate catalog with its evidence lists, a
        # typed electronic ledger and two overlapping report forms for the 一表通 analysis; old
        # books and certificate stubs past their retention for the 档案销毁 pages (past years only).
        call_command("load_certificate_catalog", verbosity=0)
        call_command("seed_ledgers_demo", verbosity=0)
        call_command("seed_archives_demo", verbosity=0)
        demo_access_requests_create()
        self.stdout.write(
            self.style.SUCCESS(
                f"demo data loaded for {year}: {sum(counts.values())} records in {time.monotonic() - started:.1f} s"
            )
        )
