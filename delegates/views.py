from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congresses.choices import CongressKind
from congresses.models import Congress
from core.forms import add_service_errors, parse_id
from core.text import search_key
from delegates import credentials, selectors, services
from delegates.choices import ExclusionReason
from delegates.forms import ApprovalForm, PlanForm, QuotaForm
from delegates.models import DelegatePlan, RollExclusion
from organizations import access


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request, pk):
    """A delegate congress's delegate plan: created with its proposed allocation, changed by
    hand (with reasons), approved by the convening committee's decision."""
    congress = get_object_or_404(
        Congress.objects.visible_to(request.user).select_related("organization", "term"),
        pk=pk,
        kind=CongressKind.DELEGATE,
    )
    can_write = access.can_write(request.user, congress.organization)
    plan = DelegatePlan.objects.filter(congress=congress).first()
    figures = selectors.plan_figures(plan) if plan else None
    version = {"version": plan.version} if plan else {}
    plan_form = PlanForm(prefix="plan")
    quota_form = (
        QuotaForm(prefix="quota", quotas=figures["quotas"], initial=version) if plan else None
    )
    approval_form = ApprovalForm(prefix="approval", initial=version)
    if request.method == "POST":
        access.require_write(request.user, congress.organization)
        action = request.POST.get("action")
        try:
            if action == "create" and plan is None:
                plan_form = PlanForm(request.POST, prefix="plan")
                if plan_form.is_valid():
                    services.create_plan(
                        congress=congress, actor=request.user, **plan_form.cleaned_data
                    )
                    messages.success(
                        request, _("The delegate plan was created with the proposed allocation.")
                    )
                    return redirect("delegates:plan", pk=congress.pk)
            elif action == "quotas" and plan is not None:
                quota_form = QuotaForm(request.POST, prefix="quota", quotas=figures["quotas"])
                if quota_form.is_valid():
                    services.save_quotas(
                        plan=plan,
                        actor=request.user,
                        expected_version=quota_form.cleaned_data["version"],
                        changes=quota_form.changes(),
                    )
                    messages.success(request, _("The allocation was saved."))
                    return redirect("delegates:plan", pk=congress.pk)
            elif action == "approve" and plan is not None:
                approval_form = ApprovalForm(request.POST, prefix="approval")
                if approval_form.is_valid():
                    data = dict(approval_form.cleaned_data)
                    services.approve_plan(
                        plan=plan, actor=request.user, expected_version=data.pop("version"), **data
                    )
                    messages.success(request, _("The delegate plan was approved."))
                    return redirect("delegates:plan", pk=congress.pk)
            else:
                messages.error(request, _("This action is not available on this plan."))
        except ValidationError as error:
            form = {"create": plan_form, "quotas": quota_form, "approve": approval_form}[action]
            add_service_errors(form, error)
    return render(
        request,
        "delegates/plan.html",
        {
            "congress": congress,
            "plan": plan,
            "figures": figures,
            "cap": selectors.delegate_cap(congress),
            "can_write": can_write,
            "plan_form": plan_form,
            "quota_form": quota_form,
            "approval_form": approval_form,
        },
    )


ROLL_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def member_roll(request, pk):
    """A member congress's roll on the congress day: official and probationary members, the
    members left out of the base D with the reason of R-EL-20, and D."""
    congress = get_object_or_404(
        Congress.objects.visible_to(request.user).select_related("organization", "term"),
        pk=pk,
        kind=CongressKind.ALL_MEMBER,
    )
    can_write = access.can_write(request.user, congress.organization)
    day = selectors.congress_day(congress)
    members = selectors.roll_members(congress, day=day)
    if request.method == "POST":
        access.require_write(request.user, congress.organization)
        member = get_object_or_404(members, pk=parse_id(request.POST.get("member")))
        try:
            if request.POST.get("action") == "include":
                exclusion = get_object_or_404(
                    RollExclusion.objects.filter(congress=congress), member=member
                )
                services.remove_exclusion(exclusion=exclusion, actor=request.user)
                messages.success(
                    request, _("%(name)s counts in the base again.") % {"name": member.full_name}
                )
            else:
                services.record_exclusion(
                    congress=congress,
                    member=member,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                    note=request.POST.get("note", "")[:255],
                )
                messages.success(
                    request,
                    _("%(name)s is left out of the base.") % {"name": member.full_name},
                )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect(request.get_full_path())
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        members = members.filter(Q(name_key__contains=search_key(query)) | Q(code__icontains=query))
    page = Paginator(members.select_related("organization"), ROLL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    exclusions = {
        exclusion.member_id: exclusion
        for exclusion in RollExclusion.objects.filter(
            congress=congress, member__in=[member.pk for member in page]
        )
    }
    return render(
        request,
        "delegates/member_roll.html",
        {
            "congress": congress,
            "figures": selectors.roll_figures(congress, day=day),
            "page": page,
            "rows": [(member, exclusions.get(member.pk)) for member in page],
            "query": query,
            "reasons": ExclusionReason.choices,
            "can_write": can_write,
        },
    )


@login_required
@require_http_methods(["GET"])
def credentials_report(request, pk):
    """The credentials committee's report (R-EL-34) on the congress day: the make-up of whom
    the congress convenes; the PDF (report kind credentials-report) prints the same figures."""
    congress = get_object_or_404(
        Congress.objects.visible_to(request.user).select_related("organization", "term"), pk=pk
    )
    return render(
        request,
        "delegates/credentials.html",
        {"congress": congress, "figures": credentials.credentials_figures(congress)},
    )
