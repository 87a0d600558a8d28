from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored ID and phone number with the newest FIELD_ENCRYPTION_KEY (the "
        "first in the list) and recompute their keyed hashes with FIELD_HASH_KEY. Run after putting "
        "a new key in front; afterwards the old key can be dropped. Safe to run again."
    )

    def handle(self, *args, **options):
        from audit.services import audit_record
        from certificates.services import certificate_personal_data_rotate
        from ledgers.services import ledger_personal_data_rotate

        with transaction.atomic():
            certificates = certificate_personal_data_rotate()
            ledgers = ledger_personal_data_rotate()
            audit_record(
                actor=None,
                action="personal_data.rotate_keys",
                after={"certificate_records": certificates, "ledger_entries_and_report_submissions": ledgers},
            )
        self.stdout.write(
            f"re-encrypted: {certificates} certificate records, {ledgers} ledger entries and report submissions"
        )
