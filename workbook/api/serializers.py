from rest_framework import serializers

from communityops.api import CompiledRepresentation

from ..models import ImportJob


class ImportJobSerializer(CompiledRepresentation, serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "original_name",
            "status",
            "phase",
            "total",
            "processed",
            "percent",
            "counts",
            "warnings",
            "errors",
            "error_total",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ExportQuerySerializer(serializers.Serializer):
    scope = serializers.CharField()
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    chinese = serializers.BooleanField(required=False, default=False)
