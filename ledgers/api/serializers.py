from rest_framework import serializers

from communityops.api import CompiledRepresentation
from organisation.models import Community, Department

from ..models import (
    ArchiveClass,
    CanonicalField,
    FieldMapping,
    FieldType,
    LedgerBook,
    LedgerEntry,
    LedgerType,
    ReportForm,
    ReportFrequency,
    ReportSubmission,
    Retention,
)


class FieldDefinitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    field_type = serializers.ChoiceField(choices=FieldType.choices, default=FieldType.TEXT)
    required = serializers.BooleanField(default=False)
    choices = serializers.ListField(child=serializers.CharField(), default=list)


def _definitions(obj) -> list[dict]:
    from ..validation import specs_for

    return [
        {"name": s.name, "field_type": s.field_type, "required": s.required, "choices": list(s.choices)}
        for s in specs_for(obj.fields, obj.definitions.all())
    ]


class LedgerTypeSerializer(CompiledRepresentation, serializers.ModelSerializer):
    department_code = serializers.CharField(source="department.code", read_only=True)
    definitions = serializers.SerializerMethodField()
    book_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = LedgerType
        fields = [
            "id",
            "code",
            "name",
            "department",
            "department_code",
            "retention",
            "archive_class",
            "fields",
            "definitions",
            "status",
            "cancelled_at",
            "cancel_reason",
            "book_total",
        ]

    def get_definitions(self, obj) -> list[dict]:
        return _definitions(obj)


class CatalogInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    definitions = FieldDefinitionSerializer(many=True, default=list)


class LedgerTypeInputSerializer(CatalogInputSerializer):
    retention = serializers.ChoiceField(choices=Retention.choices, allow_blank=True, default="")
    archive_class = serializers.ChoiceField(choices=ArchiveClass.choices, default=ArchiveClass.BUSINESS)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class LedgerBookSerializer(CompiledRepresentation, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    ledger_type_code = serializers.CharField(source="ledger_type.code", read_only=True)
    entry_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = LedgerBook
        fields = [
            "id",
            "row_id",
            "community",
            "community_code",
            "ledger_type",
            "ledger_type_code",
            "year",
            "books",
            "archive_number",
            "entry_total",
        ]
        read_only_fields = ["row_id", "community", "archive_number"]


class LedgerEntrySerializer(CompiledRepresentation, serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ["id", "row_id", "book", "community", "entry_date", "values", "created_at"]
        read_only_fields = ["row_id", "community", "created_at"]


class LedgerEntryChangeSerializer(serializers.Serializer):
    """An entry's date and values (the book of an existing entry never changes)."""

    entry_date = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    values = serializers.DictField(child=serializers.JSONField(), default=dict)


class LedgerEntryInputSerializer(LedgerEntryChangeSerializer):
    book = serializers.IntegerField()


class ValueRevealInputSerializer(serializers.Serializer):
    """查看完整信息: the ID-number/phone field and the reason (both audited)."""

    field = serializers.CharField(max_length=100)
    reason = serializers.CharField(allow_blank=True, max_length=1000)


class ValueRevealSerializer(serializers.Serializer):
    """The full value, once, for the person who asked with a reason (audited)."""

    field = serializers.CharField()
    value = serializers.CharField()


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    total_errors = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())


class ReportFormSerializer(CompiledRepresentation, serializers.ModelSerializer):
    department_code = serializers.CharField(source="department.code", read_only=True)
    definitions = serializers.SerializerMethodField()
    registered_years = serializers.SerializerMethodField()

    class Meta:
        model = ReportForm
        fields = [
            "id",
            "code",
            "name",
            "department",
            "department_code",
            "frequency",
            "fields",
            "definitions",
            "status",
            "registered_years",
        ]

    def get_definitions(self, obj) -> list[dict]:
        return _definitions(obj)

    def get_registered_years(self, obj) -> list[int]:
        return sorted(r.year for r in obj.registrations.all())


class ReportFormInputSerializer(CatalogInputSerializer):
    frequency = serializers.ChoiceField(choices=ReportFrequency.choices, allow_blank=True, default="")


class RegisterInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")


class SendInputSerializer(serializers.Serializer):
    communities = serializers.PrimaryKeyRelatedField(queryset=Community.objects.all(), many=True)
    period = serializers.CharField()
    due_date = serializers.DateField()


class ReportSubmissionSerializer(CompiledRepresentation, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    report_form_code = serializers.CharField(source="report_form.code", read_only=True)

    class Meta:
        model = ReportSubmission
        fields = [
            "id",
            "row_id",
            "community",
            "community_code",
            "report_form",
            "report_form_code",
            "date",
            "count",
            "period",
            "due_date",
            "status",
            "level",
            "values",
            "submitted_at",
            "return_reason",
        ]
        read_only_fields = fields


class FillInputSerializer(serializers.Serializer):
    values = serializers.DictField(child=serializers.JSONField(), default=dict)
    submit = serializers.BooleanField(default=False)


class CanonicalFieldSerializer(CompiledRepresentation, serializers.ModelSerializer):
    synonyms = serializers.ListField(child=serializers.CharField(), default=list)
    mapping_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = CanonicalField
        fields = [
            "id",
            "name",
            "field_type",
            "synonyms",
            "profile_source",
            "minutes_per_entry",
            "mapping_total",
        ]


class CanonicalFieldInputSerializer(serializers.Serializer):
    """What a district officer sends to save a canonical field: typed, so bad input is a 400."""

    name = serializers.CharField(max_length=100)
    field_type = serializers.ChoiceField(choices=FieldType.choices)
    synonyms = serializers.ListField(child=serializers.CharField(max_length=100), default=list)
    profile_source = serializers.ChoiceField(
        choices=CanonicalField.ProfileSource.choices, allow_blank=True, default=""
    )
    minutes_per_entry = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, default=1)


class FieldMappingSerializer(CompiledRepresentation, serializers.ModelSerializer):
    canonical_name = serializers.CharField(source="canonical.name", read_only=True, default=None)

    class Meta:
        model = FieldMapping
        fields = [
            "id",
            "source_kind",
            "source_id",
            "source_label",
            "field_name",
            "canonical",
            "canonical_name",
            "status",
            "confirmed_at",
        ]
        read_only_fields = fields


class ConfirmInputSerializer(serializers.Serializer):
    canonical = serializers.PrimaryKeyRelatedField(queryset=CanonicalField.objects.all(), allow_null=True)


class OverlapSerializer(serializers.Serializer):
    field = serializers.CharField()
    canonical = serializers.CharField()
    demanded_by = serializers.ListField(child=serializers.CharField())
