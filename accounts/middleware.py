"""Response headers that keep client data out of caches."""


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
