from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congresses import rulepacks
from congresses.choices import HELD_STAGES, CongressKind, Stage
from congresses.models import Congress
from core import asof
from core.forms import add_service_errors, parse_id
from core.pickers import PICKER_SIZE
from core.text import search_key
from delegates import credentials, selectors, services
from delegates.choices import DelegateStatus, ExclusionReason, HowSelected
from delegates.forms import (
    AddDelegateForm,
    ApprovalForm,
    PlanForm,
    QuotaForm,
    ReplaceForm,
    WithdrawForm,
)
from delegates.models import Delegate, DelegatePlan, RollExclusion
from organizations import access
from organizations.models import Member, Organization


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
    cap = selectors.delegate_cap(congress)
    return render(
        request,
        "delegates/plan.html",
        {
            "congress": congress,
            "plan": plan,
            "figures": figures,
            "cap": cap,
            # the cap's rule with its source, shown (and read) only before the plan exists
            "cap_rule": rulepacks.cite(congress.term, "R-WV-05")
            if cap is not None and plan is None
            else "",
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


def _delegate_congress_or_404(user, pk):
    return get_object_or_404(
        Congress.objects.visible_to(user).select_related("organization", "term"),
        pk=pk,
        kind=CongressKind.DELEGATE,
    )


def _show_result(request, result, message):
    messages.success(request, message % {"count": result["added"]})
    for text in result["skipped"]:
        messages.warning(request, text)


@login_required
@require_http_methods(["GET", "POST"])
def delegate_roll(request, pk):
    """A delegate congress's roll of delegates: the delegates elected below taken from the
    lower congresses, the ex officio and appointed delegates, the alternates and where each
    stands; seats unfilled per organization (R-EL-33). Paginated, searched by name."""
    congress = _delegate_congress_or_404(request.user, pk)
    can_write = access.can_write(request.user, congress.organization)
    plan = DelegatePlan.objects.filter(congress=congress).first()
    units = list(
        Organization.objects.in_subtree(congress.organization)
        .exclude(pk=congress.organization_id)
        .filter(valid_to__isnull=True, depth=congress.organization.depth + 1)
        .order_by("path")
    )
    add_form = AddDelegateForm(prefix="add", units=units)
    if request.method == "POST":
        access.require_write(request.user, congress.organization)
        action = request.POST.get("action")
        try:
            if action == "take":
                result = services.take_elected(congress=congress, actor=request.user)
                _show_result(request, result, _("%(count)s delegates and alternates taken."))
                return redirect("delegates:delegate-roll", pk=congress.pk)
            if action == "ex_officio":
                result = services.fill_ex_officio(congress=congress, actor=request.user)
                _show_result(request, result, _("%(count)s ex officio delegates added."))
                return redirect("delegates:delegate-roll", pk=congress.pk)
            if action == "add":
                add_form = AddDelegateForm(request.POST, prefix="add", units=units)
                if add_form.is_valid():
                    data = add_form.cleaned_data
                    member = get_object_or_404(
                        Member.objects.in_subtree(congress.organization), pk=data["member"]
                    )
                    services.add_delegate(
                        congress=congress,
                        member=member,
                        how_selected=data["how_selected"],
                        represents=data["represents"],
                        decision=data["decision"],
                        actor=request.user,
                    )
                    messages.success(
                        request, _("%(name)s is on the roll.") % {"name": member.full_name}
                    )
                    return redirect("delegates:delegate-roll", pk=congress.pk)
            else:
                messages.error(request, _("This action is not available on this roll."))
                return redirect("delegates:delegate-roll", pk=congress.pk)
        except ValidationError as error:
            if action == "add":
                add_service_errors(add_form, error)
            else:
                for text in error.messages:
                    messages.error(request, text)
                return redirect("delegates:delegate-roll", pk=congress.pk)
    query = (request.GET.get("q") or "").strip()[:100]
    delegates = selectors.delegate_roll(congress)
    if query:
        delegates = delegates.filter(member__name_key__contains=search_key(query))
    page = Paginator(delegates, ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    find = (request.GET.get("find") or "").strip()[:100]
    found = []
    if find and can_write:
        found = list(
            Member.objects.in_subtree(congress.organization)
            .on(asof.today())  # Members gone are not offered (core.asof).
            .filter(name_key__contains=search_key(find), official_on__isnull=False)
            .exclude(delegacies__congress=congress)
            .select_related("organization")
            .order_by("name_key", "code")[:PICKER_SIZE]
        )
    picked = None
    if can_write:
        member_id = parse_id(request.GET.get("pick")) or parse_id(add_form.data.get("add-member"))
        if member_id:
            picked = (
                Member.objects.in_subtree(congress.organization)
                .select_related("organization")
                .filter(pk=member_id)
                .first()
            )
        if picked is not None and not add_form.is_bound:
            add_form = AddDelegateForm(prefix="add", units=units, initial={"member": picked.pk})
    return render(
        request,
        "delegates/delegate_roll.html",
        {
            "congress": congress,
            "plan": plan,
            "figures": selectors.delegate_figures(congress, plan),
            "page": page,
            "query": query,
            "find": find,
            "found": found,
            "picked": picked,
            "add_form": add_form,
            "can_write": can_write,
            "taken_from": Stage(settings.DELEGATES_TAKEN_FROM_STAGE).label,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegate_detail(request, pk):
    """One delegate: how selected, where they stand; replaced by the next alternate of the same
    organization, declined or their credentials not accepted (R-EL-33, R-EL-34)."""
    delegate = get_object_or_404(
        Delegate.objects.visible_to(request.user).select_related(
            "congress__organization",
            "congress__term",
            "member",
            "represents",
            "replaces__member",
            "election_round__ballot",
        ),
        pk=pk,
    )
    congress = delegate.congress
    can_write = access.can_write(request.user, congress.organization)
    alternates = list(
        Delegate.objects.filter(
            congress=congress,
            represents_id=delegate.represents_id,
            how_selected=HowSelected.ALTERNATE,
            status=DelegateStatus.STANDBY,
        )
        .exclude(pk=delegate.pk)
        .select_related("member")
        .order_by("alternate_order", "pk")
    )
    replace_form = ReplaceForm(prefix="replace", alternates=alternates)
    withdraw_form = WithdrawForm(prefix="withdraw")
    if request.method == "POST":
        access.require_write(request.user, congress.organization)
        action = request.POST.get("action")
        try:
            if action == "replace":
                replace_form = ReplaceForm(request.POST, prefix="replace", alternates=alternates)
                if replace_form.is_valid():
                    alternate = services.replace_delegate(
                        delegate=delegate,
                        alternate=replace_form.cleaned_data["alternate"],
                        reason=replace_form.cleaned_data["reason"],
                        actor=request.user,
                    )
                    messages.success(
                        request,
                        _("%(alternate)s replaces %(name)s.")
                        % {
                            "alternate": alternate.member.full_name,
                            "name": delegate.member.full_name,
                        },
                    )
                    return redirect("delegates:delegate", pk=delegate.pk)
            elif action == "withdraw":
                withdraw_form = WithdrawForm(request.POST, prefix="withdraw")
                if withdraw_form.is_valid():
                    data = withdraw_form.cleaned_data
                    services.withdraw_delegate(
                        delegate=delegate,
                        status=data["status"],
                        reason=data["reason"],
                        decision=data["decision"],
                        actor=request.user,
                    )
                    messages.success(request, _("The delegate's status was recorded."))
                    return redirect("delegates:delegate", pk=delegate.pk)
            else:
                messages.error(request, _("This action is not available on this delegate."))
                return redirect("delegates:delegate", pk=delegate.pk)
        except ValidationError as error:
            add_service_errors(replace_form if action == "replace" else withdraw_form, error)
    return render(
        request,
        "delegates/delegate_detail.html",
        {
            "congress": congress,
            "delegate": delegate,
            "can_write": can_write,
            "open": congress.stage not in HELD_STAGES,
            "replace_form": replace_form if alternates else None,
            "withdraw_form": withdraw_form,
        },
    )
