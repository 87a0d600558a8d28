from rest_framework import serializers

from communityops.api import CompiledRepresentation

from ..models import Community, Department, Membership, Street


class StreetSerializer(CompiledRepresentation, serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Street
        fields = ["id", "code", "name", "district"]


class CommunitySerializer(CompiledRepresentation, serializers.ModelSerializer):
    street_code = serializers.CharField(source="street.code", read_only=True)

    class Meta:
        model = Community
        fields = [
            "id",
            "code",
            "name",
            "street",
            "street_code",
            "households",
            "residents",
            "staff",
            "social_workers",
            "annual_funds",
        ]


class DepartmentSerializer(CompiledRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "level", "kind"]


class MembershipSerializer(CompiledRepresentation, serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    unit = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "role", "unit", "district", "street", "community", "department"]
