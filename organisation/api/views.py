from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from communityops.api import RowListMixin

from .. import selectors
from ..filtersets import CommunityFilterSet, DepartmentFilterSet
from .serializers import CommunitySerializer, DepartmentSerializer, MembershipSerializer, StreetSerializer


class StreetViewSet(RowListMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = StreetSerializer
    filterset_fields = ["code"]

    def get_queryset(self):
        return selectors.street_list(user=self.request.user)


class CommunityViewSet(RowListMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CommunitySerializer
    filterset_class = CommunityFilterSet

    def get_queryset(self):
        return selectors.community_list(user=self.request.user, related=("street",))


class DepartmentViewSet(RowListMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet

    def get_queryset(self):
        return selectors.department_list()


class MeView(APIView):
    """Who am I: the caller's role and organisation unit."""

    @extend_schema(responses=MembershipSerializer)
    def get(self, request):
        membership = selectors.membership_for(user=request.user)
        return Response(MembershipSerializer(membership).data)
