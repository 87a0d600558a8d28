from rest_framework import serializers

from communityops.api import CompiledRepresentation
from organisation.models import Community, Street

from ..models import (
    AccessRequest,
    Attachment,
    CatalogVersion,
    Finding,
    Notification,
    TaskAssignment,
    TaskItem,
    WorkCategory,
    WorkLog,
)
from ..services import MAX_PEOPLE_PER_LINE


class TaskItemSerializer(CompiledRepresentation, serializers.ModelSerializer):
    department_code = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = TaskItem
        fields = [
            "id",
            "code",
            "name",
            "department",
            "department_code",
            "list_class",
            "nature",
            "legal_basis",
            "funds_per_year",
            "hours_per_occurrence",
            "active",
            "note",
        ]


class CatalogVersionSerializer(CompiledRepresentation, serializers.ModelSerializer):
    items = serializers.IntegerField(read_only=True)

    class Meta:
        model = CatalogVersion
        fields = ["id", "name", "valid_from", "valid_until", "note", "published_at", "items"]
        read_only_fields = ["published_at"]


class FindingSerializer(CompiledRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["kind", "severity", "message", "detail"]


class AttachmentSerializer(CompiledRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "uploaded_at"]


class AccessRequestSerializer(CompiledRepresentation, serializers.ModelSerializer):
    """Output: a request with its automatic findings."""

    code = serializers.CharField(read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    target_communities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    target_streets = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "code",
            "department",
            "department_code",
            "task_item",
            "title",
            "legal_basis",
            "list_class",
            "nature",
            "target_mode",
            "target_streets",
            "target_communities",
            "frequency",
            "deadline",
            "hours_per_community",
            "funds_transferred",
            "authority_delegated",
            "ledgers",
            "report_forms",
            "certificates",
            "inspections",
            "signboards",
            "demanded_fields",
            "one_vote_veto",
            "note",
            "status",
            "catalog_version",
            "submitted_at",
            "review_due",
            "is_overdue",
            "decided_at",
            "decision_reason",
            "findings",
            "attachments",
        ]
        read_only_fields = fields


class AccessRequestInputSerializer(CompiledRepresentation, serializers.ModelSerializer):
    """Input: the fields a department fills in (a draft)."""

    task_item = serializers.PrimaryKeyRelatedField(
        queryset=TaskItem.objects.all(), required=False, allow_null=True
    )
    target_streets = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Street.objects.all(), required=False
    )
    target_communities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Community.objects.all(), required=False
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = AccessRequest
        fields = [
            "task_item",
            "title",
            "legal_basis",
            "list_class",
            "nature",
            "target_mode",
            "target_streets",
            "target_communities",
            "frequency",
            "deadline",
            "hours_per_community",
            "funds_transferred",
            "authority_delegated",
            "ledgers",
            "report_forms",
            "certificates",
            "inspections",
            "signboards",
            "demanded_fields",
            "one_vote_veto",
            "note",
        ]


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AssignmentSerializer(CompiledRepresentation, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    task_item_code = serializers.CharField(source="task_item.code", read_only=True)
    department = serializers.IntegerField(source="task_item.department_id", read_only=True)

    class Meta:
        model = TaskAssignment
        fields = [
            "id",
            "community",
            "community_code",
            "task_item",
            "task_item_code",
            "department",
            "assigned_on",
            "due_on",
            "approved",
            "count",
            "access_request",
            "period",
            "done_at",
            "refused",
            "refused_reason",
            "refused_at",
        ]
        read_only_fields = fields


class WorkLogSerializer(CompiledRepresentation, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)

    class Meta:
        model = WorkLog
        fields = [
            "id",
            "community",
            "community_code",
            "date",
            "department",
            "category",
            "task_item",
            "assignment",
            "hours",
            "people",
            "approved",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class WorkLogInputSerializer(serializers.Serializer):
    """One line: an assignment, or 未经准入 work with the sending department."""

    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    people = serializers.IntegerField(default=1, min_value=1, max_value=MAX_PEOPLE_PER_LINE)
    assignment = serializers.IntegerField(required=False, allow_null=True)
    department = serializers.IntegerField(required=False, allow_null=True)  # checked by the service
    category = serializers.ChoiceField(choices=WorkCategory.choices, default=WorkCategory.TASK)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NotificationSerializer(CompiledRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "access_request", "created_at", "read_at"]
        read_only_fields = fields
