"""Demo records past their retention period and one proposed 销毁清册 (after `seed_demo`)."""

from django.core.management.base import BaseCommand

from archives.demo import demo_disposal_records_create


class Command(BaseCommand):
    help = "Demo data for the archives app: records past retention and a proposed 销毁清册 (idempotent)."

    def handle(self, *args, **options):
        counts = demo_disposal_records_create()
        self.stdout.write(self.style.SUCCESS(f"archives demo data ready: {counts}"))
