"""`manage.py burden_report --scope SCOPE --year YYYY --format json|md|xlsx [--output FILE]`."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from burden.calculations import burden_report, parse_scope
from burden.exports import report_json, report_markdown, report_xlsx


class Command(BaseCommand):
    help = "Print the burden report (负担统计报告) of a scope and year as JSON, Markdown or Excel."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope", default="all", help="all | district:<name> | street:<code> | community:<code>"
        )
        parser.add_argument("--year", type=int, default=None, help="calendar year (default: this year)")
        parser.add_argument("--format", choices=["json", "md", "xlsx"], default="json")
        parser.add_argument("--output", default=None, help="write to this file instead of standard output")

    def handle(self, *args, **options):
        year = options["year"] or timezone.localdate().year
        try:
            report = burden_report(scope=options["scope"], year=year)
            label = parse_scope(options["scope"]).label
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        title = gettext("%(scope)s%(year)s年社区工作负担统计报告") % {
            "scope": label,
            "year": year,
        }  # Chinese by default
        if options["format"] == "xlsx":
            data = report_xlsx(report, title=title)
            if options["output"]:
                with open(options["output"], "wb") as handle:
                    handle.write(data)
            else:
                sys.stdout.buffer.write(data)
            return
        text = report_json(report) if options["format"] == "json" else report_markdown(report, title=title)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
