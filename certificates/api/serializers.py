from django.utils import timezone
from rest_framework import serializers

from communityops.api import CompiledRepresentation

from ..models import CertificateKind, CertificateRecord, SealUse
from ..selectors import verification_url
from ..services import KIND_FIELDS


class CertificateKindSerializer(CompiledRepresentation, serializers.ModelSerializer):
    class Meta:
        model = CertificateKind
        fields = ["id", "code", *KIND_FIELDS]
        # the services validate (and report a taken code on the field)
        extra_kwargs = {"code": {"validators": []}}


class CertificateRecordSerializer(CompiledRepresentation, serializers.ModelSerializer):
    """One request handled at the counter; the ID number only in masked form."""

    community_code = serializers.CharField(source="community.code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    kind_code = serializers.CharField(source="kind.code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    cert_class = serializers.CharField(source="kind.cert_class", read_only=True)
    responsible_authority = serializers.CharField(source="kind.responsible_authority", read_only=True)
    issued_by = serializers.CharField(source="issued_by.username", read_only=True, default=None)
    verification_url = serializers.SerializerMethodField()
    status = serializers.CharField(source="status_label", read_only=True)

    class Meta:
        model = CertificateRecord
        fields = [
            "id",
            "serial",
            "date",
            "community",
            "community_code",
            "community_name",
            "kind",
            "kind_code",
            "kind_name",
            "cert_class",
            "outcome",
            "count",
            "applicant_name",
            "applicant_id_masked",
            "evidence_seen",
            "content",
            "refusal_reason",
            "responsible_authority",
            "verification_code",
            "verification_url",
            "issued_at",
            "issued_by",
            "revoked_at",
            "revoke_reason",
            "status",
        ]
        read_only_fields = fields

    def get_verification_url(self, obj) -> str | None:
        if not obj.verification_code:
            return None
        return verification_url(obj.verification_code, request=self.context.get("request"))


class ApplicantInputSerializer(serializers.Serializer):
    kind = serializers.IntegerField(help_text="证明事项 id")
    applicant_name = serializers.CharField(allow_blank=True, max_length=100)
    applicant_id_number = serializers.CharField(allow_blank=True, required=False, default="", max_length=40)


class IssueInputSerializer(ApplicantInputSerializer):
    evidence_seen = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    content = serializers.CharField(allow_blank=True, required=False, default="")


class PledgeInputSerializer(ApplicantInputSerializer):
    content = serializers.CharField(allow_blank=True, required=False, default="")


class RefuseInputSerializer(ApplicantInputSerializer):
    reason = serializers.CharField(allow_blank=True)


class RevokeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class RevealInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=1000)


class RevealSerializer(serializers.Serializer):
    """The full ID number, once, for the person who asked with a reason (audited)."""

    applicant_id_number = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    """What anyone may learn from a code: no applicant data."""

    code = serializers.CharField()
    kind = serializers.CharField()
    community = serializers.CharField()
    date = serializers.DateField()
    serial = serializers.CharField()
    valid = serializers.BooleanField()
    revoked_on = serializers.DateField(allow_null=True)


class SealUseSerializer(CompiledRepresentation, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    used_by = serializers.CharField(source="used_by.username", read_only=True)
    used_at = serializers.SerializerMethodField()

    class Meta:
        model = SealUse
        fields = [
            "id",
            "community",
            "community_code",
            "used_at",
            "date",
            "document",
            "title",
            "requested_by",
            "serial",
            "copies",
            "record",
            "used_by",
            "audit",
            "note",
        ]
        read_only_fields = fields

    def get_used_at(self, obj) -> str:
        return timezone.localtime(obj.used_at).isoformat()


class SealUseInputSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, max_length=200)
    requested_by = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    copies = serializers.IntegerField(required=False, default=1)
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=300)
