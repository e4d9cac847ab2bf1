"""One place that turns domain errors into HTTP answers (api.md's error contract)."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from agency.errors import Conflict, DomainError, GuardUnmet, InvalidTransition, NotAllowed

security_log = logging.getLogger("agency.security")


#: What a client must send to authenticate (the browser's session needs no header).
WWW_AUTHENTICATE = 'Token realm="api"'


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # DRF answers 403 when the first authentication class (the session) sends no
        # WWW-Authenticate header; api.md promises 401 to whoever is not logged in.
        return Response(
            {"detail": exc.detail},
            status=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": WWW_AUTHENTICATE},
        )
    if isinstance(exc, NotAllowed):
        security_log.warning("refused user=%s path=%s", _who(request), _path(request))
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, InvalidTransition | Conflict):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, GuardUnmet):
        body = {"detail": exc.message, "reasons": exc.reasons or [exc.message]}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # api.md: 401 when not logged in. DRF answers 403 because the first authentication
        # class (the session) names no scheme; the token is the one a client can present.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = "Token"
    return response


def _who(request) -> str:
    user = getattr(request, "user", None)
    return getattr(user, "username", "-") or "-"


def _path(request) -> str:
    return getattr(request, "path", "-")
