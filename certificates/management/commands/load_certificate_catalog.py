import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from certificates.services import CATALOG_FILE, certificate_catalog_load


class Command(BaseCommand):
    help = (
        "Load the default certificate catalog (证明事项清单) from the seeds; upserts by code, safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CATALOG_FILE), help="a JSON file with a `kinds` list")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))["kinds"]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            result = certificate_catalog_load(entries=entries)
        except ValidationError as exc:
            raise CommandError(f"invalid catalog: {exc.message_dict}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"certificate catalog: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged"
            )
        )
