from rest_framework import serializers

from communityops.api import CompiledRepresentation

from ..models import DisposalBatch, DisposalMethod, DisposalRecord, RecordKind
from ..selectors import due_item


class DueRecordSerializer(serializers.Serializer):
    """One record past its retention period (a ledger book or a certificate stub)."""

    kind = serializers.ChoiceField(choices=RecordKind.choices)
    id = serializers.IntegerField(source="pk")
    row_id = serializers.CharField()
    community = serializers.IntegerField(source="community_id")
    community_name = serializers.CharField(source="community")
    reference = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    retention = serializers.CharField()
    retention_years = serializers.IntegerField(allow_null=True)
    due_from = serializers.DateField(allow_null=True)

    def to_representation(self, instance):
        return super().to_representation(due_item(instance))


class DueCountsSerializer(serializers.Serializer):
    ledger_book = serializers.IntegerField()
    certificate = serializers.IntegerField()


class DisposalRecordSerializer(CompiledRepresentation, serializers.ModelSerializer):
    batch_number = serializers.CharField(source="batch.number", read_only=True)
    status = serializers.CharField(source="batch.status", read_only=True)
    method = serializers.CharField(source="batch.method", read_only=True)
    reason = serializers.CharField(source="batch.reason", read_only=True)
    proposed_by = serializers.CharField(source="batch.proposed_by.username", read_only=True)
    approved_by = serializers.CharField(source="batch.approved_by.username", read_only=True, allow_null=True)
    record_type = serializers.SerializerMethodField()

    class Meta:
        model = DisposalRecord
        fields = [
            "id",
            "batch",
            "batch_number",
            "status",
            "community",
            "kind",
            "record_type",
            "object_id",
            "row_id",
            "reference",
            "title",
            "year",
            "retention",
            "due_from",
            "destroyed_on",
            "entries_destroyed",
            "method",
            "reason",
            "proposed_by",
            "approved_by",
        ]

    def get_record_type(self, obj) -> str:
        return (
            "ledgers.ledgerbook" if obj.kind == RecordKind.LEDGER_BOOK else "certificates.certificaterecord"
        )


class DisposalBatchSerializer(CompiledRepresentation, serializers.ModelSerializer):
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    approved_by = serializers.CharField(source="approved_by.username", read_only=True, allow_null=True)
    executed_by = serializers.CharField(source="executed_by.username", read_only=True, allow_null=True)

    class Meta:
        model = DisposalBatch
        fields = [
            "id",
            "number",
            "community",
            "status",
            "method",
            "reason",
            "proposed_by",
            "proposed_at",
            "approved_by",
            "approved_at",
            "decision_note",
            "executed_by",
            "executed_on",
        ]


class DisposalBatchDetailSerializer(DisposalBatchSerializer):
    items = DisposalRecordSerializer(many=True, read_only=True)

    class Meta(DisposalBatchSerializer.Meta):
        fields = [*DisposalBatchSerializer.Meta.fields, "items"]


class ProposeInputSerializer(serializers.Serializer):
    community = serializers.IntegerField(min_value=1)
    ledger_book_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=5000
    )
    certificate_record_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=5000
    )
    method = serializers.ChoiceField(choices=DisposalMethod.choices)
    reason = serializers.CharField(max_length=2000)


class DecisionInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
