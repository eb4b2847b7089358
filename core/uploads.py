"""How large a request a view takes: `max_request_size` marks a view, and the project's
RequestSizeMiddleware refuses a larger Content-Length (413) before anything reads the body.
A view without the mark takes what Django keeps in memory, DATA_UPLOAD_MAX_MEMORY_SIZE."""

from django.conf import settings

# What a multipart form adds around its file: boundaries, headers, the other fields.
FORM_OVERHEAD = 64 * 1024


def max_request_size(limit):
    """Mark a view as taking requests of up to `limit()` bytes (a callable, so that the
    settings are read per request)."""

    def mark(view):
        view.max_request_size = limit
        return view

    return mark


def request_size_limit(view):
    limit = getattr(view, "max_request_size", None)
    return limit() if limit is not None else settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def declared_length(request):
    """The request's Content-Length, 0 when absent or malformed (Django reads no body then)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
