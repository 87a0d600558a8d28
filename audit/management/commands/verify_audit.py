from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditRecord
from audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exits non-zero when a record was changed or deleted."

    def handle(self, *args, **options):
        problems = audit_chain_verify()
        for problem in problems:
            self.stderr.write(f"record {problem.record_id}: {problem.reason}")
        if problems:
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write(f"audit chain intact: {AuditRecord.objects.count()} records")
        from django.conf import settings

        self.stdout.write(
            f"retention: at least {settings.AUDIT_RETENTION_DAYS} days; nothing deletes audit records"
        )
