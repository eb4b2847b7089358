"""Nominations from outside the list (R-EL-11..13) and key posts approved in advance."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import rulepacks
from core.audit import record_audit
from personnel.choices import Nomination
from personnel.models import KeyPostNomination
from personnel.selectors import format_percent, share


def check_nomination(*, term, nomination, agreed, present, is_incumbent,
                     nominator_in_committee=False):  # fmt: skip
    """R-EL-11/13 for a nominee from outside the convening committee's list, each refusal
    citing its rule with the source `term`'s pack gives it (congresses.rulepacks.cite).

    Returns the (agreed, present) figures to store (None for the committee's own list);
    raises ValidationError naming the field otherwise.
    """
    if nomination == Nomination.PLAN:
        return None, None
    if is_incumbent:
        raise ValidationError(
            {
                "nomination": _(
                    "A member of the convening committee may stand only on the committee's "
                    "list (%(rule)s)."
                )
                % {"rule": rulepacks.cite(term, "R-EL-13")}
            }
        )
    if nomination == Nomination.FLOOR and nominator_in_committee:
        raise ValidationError(
            {
                "nomination": _(
                    "Members of the convening committee may not nominate anyone outside the "
                    "committee's list (%(rule)s)."
                )
                % {"rule": rulepacks.cite(term, "R-EL-13")}
            }
        )
    rule = rulepacks.cite(term, "R-EL-11")
    errors = {}
    required = _(
        "Required for a nominee from outside the list: the number who agreed and the number "
        "present (%(rule)s)."
    ) % {"rule": rule}
    if agreed is None:
        errors["nomination_agreed"] = required
    if not present:
        errors["nomination_present"] = required
    if errors:
        raise ValidationError(errors)
    if agreed > present:
        raise ValidationError(
            {"nomination_agreed": _("More agreed than were present (%(present)s).") % {
                "present": present
            }}
        )  # fmt: skip
    if 10 * agreed <= 3 * present:
        raise ValidationError(
            {
                "nomination_agreed": _(
                    "A nominee from outside the list needs the agreement of more than 30 %% of "
                    "those present: %(agreed)s of %(present)s is %(share)s %% (%(rule)s)."
                )
                % {
                    "agreed": agreed,
                    "present": present,
                    "share": format_percent(share(agreed, present)),
                    "rule": rule,
                }
            }
        )
    return agreed, present


@transaction.atomic
def nominate_key_post(*, congress, actor, post, candidate, approving_body, approval_number,
                      approval_date):  # fmt: skip
    """Record that the committee above approved `candidate` in advance for a key post.

    Side effects: the nomination (with the congress's organization path), an audit row.
    """
    if candidate.congress_id != congress.pk:
        raise ValidationError({"candidate": _("The nominee must stand in this congress.")})
    if approval_date > timezone.localdate():
        raise ValidationError({"approval_date": _("The date cannot be in the future.")})
    nomination = KeyPostNomination.objects.create(
        congress=congress,
        post=post,
        candidate=candidate,
        approving_body=approving_body,
        approval_number=approval_number,
        approval_date=approval_date,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
    )
    record_audit(
        actor=actor,
        action="personnel.key_post_nominated",
        target=nomination,
        data={"post": post, "candidate": candidate.pk, "approval_number": approval_number},
        organization_path=congress.org_path,
    )
    return nomination
