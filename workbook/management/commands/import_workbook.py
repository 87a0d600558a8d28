"""`manage.py import_workbook FILE`: import a burden workbook (contract workbook-v1)."""

from django.core.management.base import BaseCommand, CommandError

from organisation.scoping import Scope
from workbook.services import workbook_import


class Command(BaseCommand):
    help = "导入减负工作簿（workbook-v1）。成功退出码 0；有错误时不写入任何数据，逐行打印 sheet:row:column: reason，退出码 1。"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        result = workbook_import(path=file, scope=Scope(role="district_admin", everything=True))
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if not result.imported:
            for error in result.errors:
                self.stdout.write(error.line())
            if result.error_total > len(result.errors):
                self.stdout.write(f"… {result.error_total - len(result.errors)} more errors")
            raise CommandError(f"{result.error_total} error(s); nothing was imported.", returncode=1)
        for sheet, counts in result.counts.items():
            self.stdout.write(
                f"{sheet}: {counts['rows']} rows, {counts['created']} created, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged"
            )
