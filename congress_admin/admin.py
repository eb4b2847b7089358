"""Unlocking sign-ins from the admin: django-axes' list of attempts, with an "unlock" action
that writes an audit row per lifted lockout (a change of access), as deleting rows there does.
Users: audited changes and the two-factor enrolment link."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress_admin.otp import issue_enrolment
from core.admin_audit import AuditedAdmin
from core.audit import record_audit


def _delete_audited(request, attempts):
    with transaction.atomic():
        for attempt in attempts:
            record_audit(
                actor=request.user,
                action="signin.unlocked",
                target=attempt,
                data={
                    "username": attempt.username,
                    "ip_address": attempt.ip_address,
                    "failures": attempt.failures_since_start,
                },
            )
        return AccessAttempt.objects.filter(pk__in=[attempt.pk for attempt in attempts]).delete()


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class UnlockingAccessAttemptAdmin(AccessAttemptAdmin):
    actions = ["unlock", *AccessAttemptAdmin.actions]

    @admin.action(description=_("Unlock the selected sign-ins"))
    def unlock(self, request, queryset):
        attempts = list(queryset)
        _delete_audited(request, attempts)
        count = len(attempts)
        self.message_user(
            request,
            ngettext("%(count)d sign-in was unlocked.", "%(count)d sign-ins were unlocked.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        _delete_audited(request, [obj])

    def delete_queryset(self, request, queryset):
        _delete_audited(request, list(queryset))


# Users: every change audited (an account's flags and groups are access), and the one way to
# set up an authenticator app: a one-time enrolment link issued here (congress_admin.otp).
User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    actions = ["issue_otp_enrolment"]

    @admin.action(description=_("Issue a two-factor enrolment link"))
    def issue_otp_enrolment(self, request, queryset):
        for user in queryset.filter(is_active=True):
            link = request.build_absolute_uri(issue_enrolment(user=user, actor=request.user))
            self.message_user(
                request,
                _("Enrolment link for %(username)s (valid once): %(link)s")
                % {"username": user.get_username(), "link": link},
                messages.SUCCESS,
            )


# Authenticator devices: deleting one (to reset a lost phone) and any change are audited; none
# is added here, since an authenticator is enrolled only through a one-time link (above).
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(AuditedAdmin, TOTPDeviceAdmin):
    def has_add_permission(self, request):
        return False
