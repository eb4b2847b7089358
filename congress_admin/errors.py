"""Error pages (400, 403, 404, 500) in the user's language, with the site's menu and a way back.

Django's own handlers give no "back" link, and its 500 handler renders without the request, so
without the menu. These render every page with the request and a back link to the referring
page when it is ours. The 500 page asks nothing of the database, which may be the very thing
that failed: it shows the menu only for a user the request has already loaded, and falls back
to the bare template if rendering with the request fails.
The 429 page is django-axes' lockout (congress_admin.views.locked_out, on 429.html); a CSRF
failure (403) renders 403_csrf.html through Django's csrf_failure view.
"""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.functional import LazyObject, empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def _back_url(request):
    """The referring page when it is one of ours, for a "back" link; None otherwise."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return None


def _loaded_user(request):
    """The request's user if the request has already loaded it, else anonymous: loading it
    would read the session and the user from the database."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return AnonymousUser()
    return user


def _page(request, template_name, status, *, use_database=True):
    context = {"back_url": _back_url(request)}
    if not use_database:
        context.update(user=_loaded_user(request), messages=())
    try:
        return render(request, template_name, context, status=status)
    except Exception:
        logger.exception("The %s page could not be rendered with the request", status)
    try:
        return HttpResponse(loader.get_template(template_name).render(), status=status)
    except Exception:
        logger.exception("The %s page could not be rendered", status)
        return HttpResponse(str(status), status=status, content_type="text/plain")


@requires_csrf_token
def bad_request(request, exception):
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception):
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception):
    return _page(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    return _page(request, "500.html", 500, use_database=False)
