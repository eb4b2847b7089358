from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from organizations import access
from organizations.choices import Role
from organizations.models import Organization


@login_required
def home(request):
    """Each role lands where its work is: staff (and administrators) on the tree, a
    working group on its worklist, a leader on the wave dashboard of their organization (the
    current term, the dashboard's default), a secretary on their organization."""
    grants = access.user_grants(request.user)
    roles = {role for role, _path in grants}
    if request.user.is_superuser or roles & {Role.STAFF, Role.ADMIN} or not roles:
        return redirect("organizations:organization-list")
    if roles <= {Role.WORKING_GROUP}:
        return redirect("congresses:worklist")
    for role, target in ((Role.LEADER, "congresses:wave-dashboard"),
                         (Role.SECRETARY, "organizations:organization-detail")):  # fmt: skip
        paths = [path for granted, path in grants if granted == role]
        if paths:
            # The highest organization granted (grants come in tree order).
            pk = Organization.objects.filter(path=paths[0]).values_list("pk", flat=True).first()
            if pk is not None:
                return redirect(target, pk=pk)
    return redirect("organizations:organization-list")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a translated page, status 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
