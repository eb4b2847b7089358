"""The one-time-code page: set up an authenticator app (TOTP) once, then confirm a code after
each sign-in when REQUIRE_OTP is on (django-otp)."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.navigation import redirect_to_next


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control"}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_view(request):
    """Confirm a code; a user without a confirmed device first scans the setup code."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            # django-otp slows guessing down: each failure doubles the wait before the next try.
            form.add_error("token", _("Too many wrong codes: wait a few seconds and try again."))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("The code was confirmed."))
            return redirect_to_next(request, request.GET.get("next", ""), "home")
        else:
            form.add_error("token", _("This code is not valid. Check the time on your phone."))
    qr_code = segno.make(device.config_url).svg_data_uri(scale=4) if setup else None
    return render(
        request,
        "registration/otp.html",
        {
            "form": form,
            "setup": setup,
            "qr_code": qr_code,
            # For entering by hand: the base32 secret authenticator apps expect.
            "secret": base64.b32encode(device.bin_key).decode() if setup else None,
        },
    )
