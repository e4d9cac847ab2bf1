from django.utils import timezone, translation

from .time_zones import zone_of


class UserLanguageMiddleware:
    """A logged-in user's saved language wins over the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Times on the pages of a logged-in user are in their zone (the agency's if they chose
    none); anonymous pages in the agency's. An override, not a bare activate: the zone ends
    with the request, so a thread never serves the next person in the previous one's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = zone_of(user) if user is not None and user.is_authenticated else None
        with timezone.override(zone):
            return self.get_response(request)
