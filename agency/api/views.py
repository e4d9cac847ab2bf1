from django.contrib.auth import authenticate
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from agency.boundary import AgencyPeopleOnly, is_client_login
from agency.models import Department, Level, User


class MeSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True)
    # Blank for people without one (an administrator has no department or level).
    department = serializers.ChoiceField(
        choices=Department.choices, allow_blank=True, read_only=True
    )
    level = serializers.ChoiceField(choices=Level.choices, allow_blank=True, read_only=True)
    language = serializers.ChoiceField(
        choices=User._meta.get_field("language").choices, allow_blank=True, read_only=True
    )
    # Read-only like the language: both are chosen on the settings page. Blank: the agency's.
    time_zone = serializers.CharField(
        read_only=True, help_text="IANA time zone, e.g. Asia/Shanghai; blank: the agency's."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "department",
            "level",
            "language",
            "time_zone",
        ]
        read_only_fields = fields


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)


@extend_schema(
    request=TokenRequestSerializer,
    responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([])
def obtain_token(request):
    """Exchange a username and password for an API token."""
    data = TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(request, **data.validated_data)
    if getattr(request, "axes_locked_out", False):
        return Response(
            {"detail": _("Too many failed attempts; try again later.")},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    if user is None or not user.is_active:
        return Response(
            {"non_field_errors": [_("Unable to log in with the credentials given.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if is_client_login(user):  # a token would open nothing: the portal has no API
        return Response({"detail": AgencyPeopleOnly.message}, status=status.HTTP_403_FORBIDDEN)
    token, _created = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})


NOT_FOUND_URL_NAME = "api-not-found"


@csrf_exempt  # it changes nothing; a token client's POST to a wrong URL deserves a 404
def not_found(request, path: str = ""):
    """Any other /api/ path: 404 in JSON like every API error (api.md), not an HTML page.
    A GET that only lacks its trailing slash is redirected, as APPEND_SLASH would."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != NOT_FOUND_URL_NAME:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": _("Not found.")}, status=404)
