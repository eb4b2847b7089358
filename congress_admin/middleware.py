from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    browsers in Vietnam are set to English; the product speaks Vietnamese first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class HealthCheckMiddleware:
    """Answer /health/ before host validation and the HTTPS redirect, for container probes.

    200 when the database answers, 503 otherwise. It reveals nothing else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/health/":
            return self.get_response(request)
        from django.db import DatabaseError, connection
        from django.http import HttpResponse

        try:
            connection.ensure_connection()
        except DatabaseError:
            return HttpResponse("database unavailable", status=503, content_type="text/plain")
        return HttpResponse("ok", content_type="text/plain")


class RequireOTPMiddleware:
    """With REQUIRE_OTP on, users holding any role (and superusers) reach nothing but the code
    pages until they have confirmed a one-time code in this session.

    Runs after django-otp's OTPMiddleware, which tells whether the session is verified.
    """

    EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/health/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_OTP and self._must_verify(request):
            from django.shortcuts import redirect
            from django.urls import reverse

            return redirect(f"{reverse('otp')}?next={request.get_full_path()}")
        return self.get_response(request)

    def _must_verify(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if request.path.startswith(self.EXEMPT_PREFIXES):
            return False
        return otp_required_for(user)


def otp_required_for(user):
    """Whether REQUIRE_OTP applies to `user`: superusers and every holder of a role. Every role
    but the leader's writes (staff, working group, secretary, admin), and leaders read
    personnel data; an account without a role sees nothing."""
    from organizations.access import user_grants

    return user.is_superuser or bool(user_grants(user))


class PrivateResponseMiddleware:
    """Pages of a signed-in user and every file download are never stored by a browser or a
    proxy (`Cache-Control: no-store`): they hold personal data. Every response says which browser
    features the site may use (`Permissions-Policy`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header(
            "Content-Disposition"
        ):
            add_never_cache_headers(response)
        return response


class ClientErrorsWithoutTraceback:
    """A logging filter for `django.request`: a refused request (4xx, e.g. 403 on a URL outside
    the user's scope) is one line in the log, not a traceback; server errors keep theirs."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class RequestSizeMiddleware:
    """A request whose Content-Length passes its view's limit (core.uploads) is answered 413
    with a translated page before its body is read: placed before CsrfViewMiddleware, which
    reads the form. Without it a 50 MB upload was read in full, then refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.shortcuts import render
        from django.template.defaultfilters import filesizeformat

        from core.uploads import declared_length, request_size_limit

        limit = request_size_limit(view_func)
        if declared_length(request) <= limit:
            return None
        # The body stays unread (the WSGI server discards or closes; no hop-by-hop header may
        # be set here).
        return render(request, "413.html", {"limit": filesizeformat(limit)}, status=413)
