from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congresses.choices import CongressKind
from congresses.models import Congress
from core.forms import add_service_errors
from delegates import selectors, services
from delegates.forms import ApprovalForm, PlanForm, QuotaForm
from delegates.models import DelegatePlan
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
