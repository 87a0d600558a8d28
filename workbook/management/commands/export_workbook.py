"""`manage.py export_workbook --scope SCOPE [--year YYYY] [--chinese] FILE`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workbook.services import parse_scope, workbook_export


class Command(BaseCommand):
    help = "导出减负工作簿（workbook-v1）。SCOPE: all | district:<区名> | street:<街道编码> | community:<社区编码>"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--scope", default="all")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--chinese", action="store_true", help="中文工作表名、表头和取值")

    def handle(self, *args, file, scope, year, chinese, **options):
        try:
            parsed = parse_scope(scope)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        counts = workbook_export(scope=parsed, target=file, year=year, chinese=chinese)
        for sheet, rows in counts.items():
            self.stdout.write(f"{sheet}: {rows} rows")
