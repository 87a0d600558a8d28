from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communityops.api import CompiledRepresentation

from ..models import (
    DepartmentRating,
    EmergencyReport,
    Inspection,
    InspectionMerge,
    InspectionTopic,
    Meeting,
    Platform,
    PlatformUsage,
    ResponsibilityPledge,
    Signboard,
    TemporaryTask,
)


class RecordDateTimeField(serializers.DateTimeField):
    """A record's date and time, 2000–2100 (DRF's time-zone step overflows at years 1 and 9999)."""

    def enforce_timezone(self, value):
        if not 2000 <= value.year <= 2100:
            raise serializers.ValidationError(_("时间应在2000年至2100年之间。"))
        return super().enforce_timezone(value)


class RecordSerializer(CompiledRepresentation, serializers.ModelSerializer):
    """A community record: ids to write, names to read. Rules live in the services."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: RecordDateTimeField,
    }

    community_name = serializers.CharField(source="community.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)

    class Meta:
        read_only_fields = ["id", "row_id", "created_at"]
        # Uniqueness (e.g. one rating a year) is checked by the service, with a field-level message.
        validators: list = []


class InspectionSerializer(RecordSerializer):
    family = serializers.CharField(read_only=True, default="")

    class Meta(RecordSerializer.Meta):
        model = Inspection
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "department",
            "department_name",
            "topic",
            "family",
            "kind",
            "status",
            "date",
            "prep_hours",
            "veto",
            "demands_ledgers",
            "demands_photos",
            "demands_trail",
            "result",
            "result_note",
            "merge",
            "count",
            "created_at",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "merge"]


class InspectionTopicSerializer(CompiledRepresentation, serializers.ModelSerializer):
    class Meta:
        model = InspectionTopic
        fields = ["id", "code", "name", "family", "department"]


class InspectionMergeSerializer(CompiledRepresentation, serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)
    inspections = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = InspectionMerge
        fields = ["id", "street", "street_name", "date", "family", "note", "inspections", "created_at"]


class InspectionMergeInputSerializer(serializers.Serializer):
    inspections = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class MergeProposalSerializer(serializers.Serializer):
    street = serializers.IntegerField(source="street.pk")
    street_name = serializers.CharField(source="street.name")
    week = serializers.DateField()
    family = serializers.CharField()
    family_label = serializers.CharField()
    suggested_date = serializers.DateField()
    inspections = serializers.SerializerMethodField()

    def get_inspections(self, proposal) -> list[int]:
        return [i.pk for i in proposal.inspections]


class MeetingSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Meeting
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "department",
            "department_name",
            "date",
            "hours",
            "attendees",
            "purpose",
            "count",
            "created_at",
        ]


class TemporaryTaskSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = TemporaryTask
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "department",
            "department_name",
            "date",
            "kind",
            "hours",
            "count",
            "created_at",
        ]


class SignboardSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Signboard
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "department",
            "department_name",
            "name",
            "kind",
            "count",
            "hung_on",
            "removed_on",
            "created_at",
        ]


class PlatformSerializer(CompiledRepresentation, serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    fields = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    class Meta:
        model = Platform
        fields = ["id", "code", "name", "department", "department_name", "level", "kind", "fields"]


class PlatformUsageSerializer(RecordSerializer):
    platform_name = serializers.CharField(source="platform.name", read_only=True)
    department_name = serializers.CharField(source="platform.department.name", read_only=True)

    class Meta(RecordSerializer.Meta):
        model = PlatformUsage
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "platform",
            "platform_name",
            "department_name",
            "year",
            "hours_per_month",
            "hours",
            "created_at",
        ]


class PledgeSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = ResponsibilityPledge
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "department",
            "department_name",
            "matter",
            "family",
            "year",
            "signed_on",
            "veto",
            "veto_clauses",
            "created_at",
        ]


class EmergencyReportSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = EmergencyReport
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "department",
            "department_name",
            "title",
            "incident_at",
            "reported_at",
            "status",
            "late",
            "note",
            "created_at",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "late"]


class EmergencyReportSummarySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    reported = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    concealed = serializers.IntegerField()


class DepartmentRatingSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = DepartmentRating
        fields = [
            "id",
            "row_id",
            "community",
            "community_name",
            "department",
            "department_name",
            "year",
            "scale",
            "score",
            "score_100",
            "comment",
            "created_at",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "score_100"]


class RatingSummarySerializer(serializers.Serializer):
    department = serializers.IntegerField(source="department.pk")
    department_code = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    average = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        allow_null=True,
        help_text="百分制平均分；被评议部门在评议社区不足 3 个时为 null",
    )
    ratings = serializers.IntegerField()
