"""Where to go after a form: a `next` parameter only when it is a path on this site."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, candidate, fallback):
    """`candidate` when it is a path on this site ("/…"), otherwise the URL named `fallback`.

    A bare word such as "foo" is neither a path nor a URL name we trust (it was a 500 when
    handed to `redirect`, which tries it as a URL name first)."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, {request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse(fallback)


def redirect_to_next(request, candidate, fallback):
    return HttpResponseRedirect(safe_next_url(request, candidate, fallback))


def query_without_page(request):
    """The request's query string without its `page`, for the pagination links (which add
    theirs) and the filters a page keeps."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
