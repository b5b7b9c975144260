"""The portal's own middleware: caching headers and the interface language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user hold client data: no browser or proxy
    may keep a copy (a shared office computer's cache is readable by the next
    person who sits down)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Finnish unless the user has chosen another language in the portal.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    many Finnish social workers' browsers are set to English; the portal's
    language is chosen in the portal (the footer's language form sets the
    cookie), never guessed.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
