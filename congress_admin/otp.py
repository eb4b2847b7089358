"""The one-time-code page: confirm a code after each sign-in when REQUIRE_OTP is on
(django-otp, TOTP); and the enrolment page, reached only through a one-time link a site
administrator issues, which shows the setup code of an authenticator app.

An enrolment link carries a signed, timestamped token (TimestampSigner, its own salt, valid for
OTP_ENROLMENT_SECONDS) naming the user and an unconfirmed device created when the link was
issued (the stored nonce: issuing again deletes it, so an older link dies). The first visit
claims the device for that browser session; any other visit of the link is refused, and once
the code is confirmed the device is confirmed and the link is dead. Knowing the password is
no longer enough to enrol the first authenticator.
"""

import base64
import hashlib

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import record_audit
from core.navigation import redirect_to_next

ENROLMENT_SALT = "congress_admin.otp.enrolment"
ENROLMENT_SESSION_KEY = "otp_enrolment_device"
# TOTPDevice.name of a device created by an enrolment link, before and after its first visit.
ISSUED = "enrolment"
CLAIMED = "enrolment:claimed"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control"}
        ),
    )


def _key_digest(device):
    return hashlib.sha256(device.key.encode()).hexdigest()[:16]


def issue_enrolment(*, user, actor):
    """Create the device an enrolment link names and return the link's path. Devices of the
    user not yet confirmed are deleted (their links die); confirmed ones stay until the new
    device is confirmed. Side effects: the device, an audit row."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=ISSUED, confirmed=False)
        record_audit(
            actor=actor,
            action="otp.enrolment_issued",
            target=user,
            data={"device": device.pk, "valid_seconds": settings.OTP_ENROLMENT_SECONDS},
        )
    token = signing.TimestampSigner(salt=ENROLMENT_SALT).sign_object(
        {"user": user.pk, "device": device.pk, "key": _key_digest(device)}
    )
    return reverse("otp-enrol", args=[token])


def _enrolment_device(request, token):
    """The device the link names, if the link is valid for this user and this session."""
    try:
        payload = signing.TimestampSigner(salt=ENROLMENT_SALT).unsign_object(
            token, max_age=settings.OTP_ENROLMENT_SECONDS
        )
    except signing.BadSignature:  # expired links included (SignatureExpired)
        return None
    if not isinstance(payload, dict) or payload.get("user") != request.user.pk:
        return None
    device = TOTPDevice.objects.filter(
        pk=payload.get("device"), user=request.user, confirmed=False
    ).first()
    if device is None or payload.get("key") != _key_digest(device):
        return None
    if device.name == ISSUED:
        # The first visit claims the device for this session: the link works once.
        claimed = TOTPDevice.objects.filter(pk=device.pk, name=ISSUED).update(name=CLAIMED)
        if not claimed:
            return None
        request.session[ENROLMENT_SESSION_KEY] = device.pk
        device.name = CLAIMED
        return device
    if device.name == CLAIMED and request.session.get(ENROLMENT_SESSION_KEY) == device.pk:
        return device
    return None


def _check_token(request, form, device):
    """True when `form` holds a valid code of `device`; otherwise the error is on the form."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        # django-otp slows guessing down: each failure doubles the wait before the next try.
        form.add_error("token", _("Too many wrong codes: wait a few seconds and try again."))
        return False
    if device.verify_token(form.cleaned_data["token"].strip()):
        return True
    form.add_error("token", _("This code is not valid. Check the time on your phone."))
    return False


@login_required
@require_http_methods(["GET", "POST"])
def otp_view(request):
    """Confirm a code. Without a confirmed device the page says to ask a site administrator
    for an enrolment link: nothing is set up here."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    form = TokenForm(request.POST or None)
    if device is None:
        return render(request, "registration/otp.html", {"form": form, "no_device": True})
    if request.method == "POST" and form.is_valid() and _check_token(request, form, device):
        otp_login(request, device)
        messages.success(request, _("The code was confirmed."))
        return redirect_to_next(request, request.GET.get("next", ""), "home")
    return render(request, "registration/otp.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def enrol_view(request, token):
    """Set up an authenticator app through a one-time link (see the module's docstring)."""
    device = _enrolment_device(request, token)
    if device is None:
        return render(request, "registration/otp.html", {"invalid_link": True}, status=404)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_token(request, form, device):
        with transaction.atomic():
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.name = "default"
            device.confirmed = True
            device.save(update_fields=["name", "confirmed"])
            record_audit(
                actor=request.user,
                action="otp.enrolled",
                target=request.user,
                data={"device": device.pk},
            )
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        otp_login(request, device)
        messages.success(request, _("The authenticator app is set up."))
        return redirect("home")
    return render(
        request,
        "registration/otp.html",
        {
            "form": form,
            "setup": True,
            "qr_code": segno.make(device.config_url).svg_data_uri(scale=4),
            # For entering by hand: the base32 secret authenticator apps expect.
            "secret": base64.b32encode(device.bin_key).decode(),
        },
    )
