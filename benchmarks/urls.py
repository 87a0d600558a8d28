"""The portal's URLs plus the trivial views every benchmark is measured against (floors)."""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView


def trivial(request):
    """Floor for pages: the full middleware stack and the session user (read with its
    membership, as accounts.backends.MembershipModelBackend reads it for every request), no work."""
    return JsonResponse({"ok": True, "user": request.user.is_authenticated})


class TrivialPayload(serializers.Serializer):
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    category = serializers.CharField(max_length=16)
    note = serializers.CharField(required=False, allow_blank=True)


class TrivialApi(APIView):
    """Floor for the API: DRF with the portal's authentication, permission and renderer."""

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        payload = TrivialPayload(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(payload.data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial-api/", TrivialApi.as_view()),
    path("", include("communityops.urls")),
]
