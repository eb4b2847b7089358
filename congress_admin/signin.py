"""Sign-in protection in front of django-axes.

- `client_address`: the client's address read behind `PROXY_COUNT` reverse proxies (django-ipware),
  so that axes locks a username *and the attacker's address*, not the proxy's address that every
  client shares.
- `SignInView`: Django's login view with a slower limit per account from all addresses together.
  Past `SIGNIN_ACCOUNT_FAILURE_LIMIT` wrong passwords within the lockout window, the account takes
  one try every `SIGNIN_ACCOUNT_DELAY_SECONDS`: an attacker with many addresses is slowed down,
  and the account's owner is delayed, never locked out.
"""

import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from ipware import get_client_ip


def client_address(request):
    """The address that connected to the first of our reverse proxies.

    Each proxy appends the address it was connected from to X-Forwarded-For, so with N proxies
    the client is the N-th entry from the right; entries further left were sent by the client and
    are not trusted. Without proxies (or without the header) it is REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if not proxies:
        return remote
    # python-ipware counts the proxies inside the chain: the client is chain[-(count + 1)].
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote


def account_wait_seconds(username, *, now=None):
    """Seconds before `username` may try a password again (0: now), counting the wrong
    passwords recorded by django-axes for that username from every address."""
    if not username:
        return 0
    now = now or timezone.now()
    from axes.models import AccessAttempt

    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (recent["failures"] or 0) < settings.SIGNIN_ACCOUNT_FAILURE_LIMIT:
        return 0
    elapsed = (now - recent["last"]).total_seconds()
    return max(0, math.ceil(settings.SIGNIN_ACCOUNT_DELAY_SECONDS - elapsed))


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = account_wait_seconds(request.POST.get("username", "")[:255])
        if wait:
            response = render(
                request, "registration/account_throttled.html", {"seconds": wait}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)
