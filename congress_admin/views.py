from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from organizations import access
from organizations.choices import Role


@login_required
def home(request):
    """Working-group members land on their worklist; everyone else on the tree."""
    roles = {role for role, _path in access.user_grants(request.user)}
    if roles and roles <= {Role.WORKING_GROUP}:
        return redirect("congresses:worklist")
    return redirect("organizations:organization-list")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a translated page, status 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
