"""Every change to classifications, commendations and campaigns goes through here; summaries.

Rules (docs/domain-rules.md): R-CL-01..08 (levels, points, periods, steps, caps that warn, the
exemplary title, streaks) and R-AW-01..06 (the authority table, campaigns). Summaries over a
subtree are one grouped query each on the rows' path copies.
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_event, record_audit, record_audit_bulk
from core.editing import StaleEditError, versioned_update
from core.paths import subtree_q
from core.text import normalize_text
from organizations.models import Organization
from recognition.models import (
    BADGE_YEARS,
    AwardAuthority,
    Campaign,
    CampaignWork,
    Commendation,
    CommendationForm,
    CommendationStatus,
    Level,
    PeriodKind,
    Rating,
    Reason,
    RecipientKind,
    Step,
    WorkStatus,
)

GRASSROOTS_LEVEL = 3  # the kind level of grassroots organizations (cấp cơ sở) in the kinds data
LEVELS = [level.value for level in Level]
# R-CL-02: the lowest score of each level when the period is scored on 100 points.
SCORE_FLOORS = {Level.EXCELLENT: 90, Level.GOOD: 70, Level.COMPLETE: 50, Level.FAILED: 0}
STEP_FIELDS = {Step.SELF: "self_level", Step.PROPOSED: "proposed_level", Step.DECIDED: "level"}
STEP_ORDER = [Step.SELF, Step.PROPOSED, Step.DECIDED]


# --- ratings --------------------------------------------------------------------------------


def _row_problems(*, period, step, level, score, is_exemplary, is_member):
    """What is wrong with one row of a rating grid, as translated messages."""
    problems = []
    if level and level not in LEVELS:
        problems.append(_("Unknown level."))
    if score is not None:
        if not Decimal(0) <= score <= Decimal(100):
            problems.append(_("The score must be between 0 and 100."))
        elif level in SCORE_FLOORS and score < SCORE_FLOORS[level]:
            problems.append(
                _("A score of %(score)s is below the %(floor)s points of “%(level)s”.")
                % {"score": score, "floor": SCORE_FLOORS[level], "level": Level(level).label}
            )
    elif period.uses_points and step == Step.DECIDED and level:
        problems.append(_("This period is scored on 100 points: enter the score."))
    if is_exemplary:
        if is_member:
            problems.append(_("The exemplary title is for organizations."))
        elif step != Step.DECIDED or level != Level.EXCELLENT:
            problems.append(
                _("Only an organization decided “%(level)s” may be “%(title)s”.")
                % {"level": Level.EXCELLENT.label, "title": period.exemplary_label}
            )
    return problems


@transaction.atomic
def save_ratings(*, period, actor, step, entries, decision_body="", decision_number="",
                 decision_date=None):  # fmt: skip
    """Save one step of the ratings of many members or organizations at once, all or nothing.

    `entries` are dicts with `member` or `organization`, `level` ("" leaves the row out),
    `score`, `is_exemplary`, `version` (the row's version when the grid was loaded, None for a
    new row) and `label` (how the row is named in errors). A decision needs the deciding body,
    its number and date (R-CL-04). Any bad row, or a row changed by someone else since the grid
    was loaded, refuses the whole grid with every problem named. Returns the number of rows
    written. Side effects: ratings created or updated, one audit row each.
    """
    errors = []
    if step == Step.DECIDED:
        missing = [
            label
            for label, value in (
                (_("deciding body"), decision_body),
                (_("decision number"), decision_number),
                (_("decision date"), decision_date),
            )
            if not value
        ]
        if missing:
            errors.append(_("A decision needs: %(fields)s.") % {"fields": ", ".join(missing)})
        if decision_date and decision_date > timezone.localdate():
            errors.append(_("The decision date cannot be in the future."))
    entries = [entry for entry in entries if entry.get("level")]
    for entry in entries:
        for problem in _row_problems(
            period=period,
            step=step,
            level=entry["level"],
            score=entry.get("score"),
            is_exemplary=entry.get("is_exemplary", False),
            is_member=entry.get("member") is not None,
        ):
            errors.append(_("%(row)s: %(problem)s") % {"row": entry["label"], "problem": problem})
    if errors:
        raise ValidationError(errors)
    members = [entry["member"].pk for entry in entries if entry.get("member") is not None]
    organizations = [entry["organization"].pk for entry in entries if entry.get("member") is None]
    existing = {
        (row.member_id or ("org", row.organization_id)): row
        for row in Rating.objects.select_for_update(of=("self",)).filter(
            Q(member__in=members) | Q(member__isnull=True, organization__in=organizations),
            period=period,
        )
    }
    field = STEP_FIELDS[step]
    to_create, to_update, events = [], [], []
    for entry in entries:
        member = entry.get("member")
        organization = member.organization if member is not None else entry["organization"]
        key = member.pk if member is not None else ("org", organization.pk)
        row = existing.get(key)
        if (row.version if row else None) != entry.get("version"):
            raise StaleEditError(
                _("%(row)s was changed by someone else. Reload the grid and enter it again.")
                % {"row": entry["label"]}
            )
        values = {field: entry["level"], "score": entry.get("score")}
        if step == Step.DECIDED:
            values |= {
                "is_exemplary": bool(entry.get("is_exemplary")),
                "decision_body": normalize_text(decision_body),
                "decision_number": normalize_text(decision_number),
                "decision_date": decision_date,
            }
        if row is None:
            row = Rating(
                period=period,
                member=member,
                organization=organization,
                org_path=member.org_path if member is not None else organization.path,
                step=step,
                **values,
            )
            to_create.append(row)
            before = {}
        else:
            before = {name: getattr(row, name) for name in values}
            if all(before[name] == value for name, value in values.items()):
                continue
            for name, value in values.items():
                setattr(row, name, value)
            if STEP_ORDER.index(step) > STEP_ORDER.index(row.step):
                row.step = step
            row.version += 1
            to_update.append(row)
        events.append((row, {"step": step, "before": _plain(before), "after": _plain(values)}))
    try:
        with transaction.atomic():
            Rating.objects.bulk_create(to_create, batch_size=1000)
    except IntegrityError as error:
        # Someone created one of these rows after the lock above was taken (a new row has
        # nothing to lock): the unique constraint refuses the second creation.
        raise StaleEditError(
            _("A row of this grid was entered by someone else meanwhile. Reload the grid.")
        ) from error
    Rating.objects.bulk_update(
        to_update,
        [field, "score", "is_exemplary", "step", "version", "decision_body", "decision_number",
         "decision_date"],
        batch_size=1000,
    )  # fmt: skip
    record_audit_bulk(
        audit_event(
            actor=actor,
            action="recognition.rating_saved",
            target=row,
            data=data,
            organization_path=row.org_path,
        )
        for row, data in events
    )
    return len(events)


def _plain(values):
    """Audit data as JSON: scores and dates as text."""
    return {
        name: value if value is None or isinstance(value, str | bool) else str(value)
        for name, value in values.items()
    }


def _grassroots_groups(organization):
    """The grassroots organizations at or around `organization`: its grassroots ancestor if it
    stands below that level, else the grassroots organizations in its subtree. One query."""
    if organization.kind.level >= GRASSROOTS_LEVEL:
        ancestors = [
            organization.path[:length]
            for length in range(Organization.STEP, len(organization.path) + 1, Organization.STEP)
        ]
        return list(Organization.objects.filter(path__in=ancestors, kind__level=GRASSROOTS_LEVEL))
    return list(
        Organization.objects.filter(
            subtree_q(organization.path), kind__level=GRASSROOTS_LEVEL
        ).order_by("path")
    )


def member_cap_warnings(*, period, organization, step=Step.DECIDED):
    """R-CL-05 as warnings: in each grassroots organization concerned, members rated excellent
    above RECOGNITION_MEMBER_CAP_PERCENT of those rated good (at `step`). One grouped query
    per depth of grassroots organizations (one in a normal tree)."""
    cap = settings.RECOGNITION_MEMBER_CAP_PERCENT
    field = STEP_FIELDS[step]
    groups = _grassroots_groups(organization)
    by_path = {group.path: group for group in groups}
    warnings = []
    for length in sorted({len(path) for path in by_path}):
        prefixes = [path for path in by_path if len(path) == length]
        query = Q()
        for prefix in prefixes:
            query |= subtree_q(prefix, "org_path")
        rows = (
            Rating.objects.filter(query, period=period, member__isnull=False)
            .annotate(group=Substr("org_path", 1, length))
            .values("group")
            .annotate(
                excellent=Count("pk", filter=Q(**{field: Level.EXCELLENT})),
                good=Count("pk", filter=Q(**{field: Level.GOOD})),
            )
            .order_by("group")
        )
        for row in rows:
            if row["excellent"] * 100 > cap * row["good"]:
                warnings.append(
                    _(
                        "%(name)s: %(excellent)s members rated excellent for %(good)s rated good; "
                        "the guidance allows at most %(cap)s %% of those rated good."
                    )
                    % {
                        "name": by_path[row["group"]].name,
                        "excellent": row["excellent"],
                        "good": row["good"],
                        "cap": cap,
                    }
                )
    return warnings


def organization_cap_warnings(*, period, organization, step=Step.DECIDED):
    """R-CL-06 (unresolved, so a setting that warns): under each committee, its grassroots
    organizations rated excellent above RECOGNITION_ORG_CAP_PERCENT of the base
    (RECOGNITION_ORG_CAP_BASE: all rated, or those rated good). One grouped query."""
    cap = settings.RECOGNITION_ORG_CAP_PERCENT
    base_key = settings.RECOGNITION_ORG_CAP_BASE
    field = STEP_FIELDS[step]
    rated = Rating.objects.filter(
        subtree_q(organization.path, "org_path"),
        period=period,
        member__isnull=True,
        organization__kind__level=GRASSROOTS_LEVEL,
    ).exclude(**{field: ""})
    parents = {
        row["parent"]: row
        for row in rated.annotate(
            parent=Substr("org_path", 1, Length("org_path") - Organization.STEP)
        )
        .values("parent")
        .annotate(
            excellent=Count("pk", filter=Q(**{field: Level.EXCELLENT})),
            good=Count("pk", filter=Q(**{field: Level.GOOD})),
            rated=Count("pk"),
        )
        .order_by("parent")
    }
    names = dict(Organization.objects.filter(path__in=list(parents)).values_list("path", "name"))
    warnings = []
    for path, counts in sorted(parents.items()):
        base = counts[base_key]
        if counts["excellent"] * 100 > cap * base:
            warnings.append(
                _(
                    "%(name)s: %(excellent)s grassroots organizations rated excellent out of "
                    "%(base)s (%(base_label)s); the setting allows at most %(cap)s %%."
                )
                % {
                    "name": names.get(path, path),
                    "excellent": counts["excellent"],
                    "base": base,
                    "base_label": _("all rated") if base_key == "rated" else _("rated good"),
                    "cap": cap,
                }
            )
    return warnings


# --- streaks and summaries ------------------------------------------------------------------


def streaks(*, organization, year, subject="member", years=None, exemplary=False):
    """R-CL-08: who was decided excellent (organizations: `exemplary`, the title) in each of the
    `years` calendar years ending with `year`, within `organization`'s subtree. A year without a
    rating breaks the chain [I]. One grouped query; newest names first."""
    years = years or settings.RECOGNITION_STREAK_YEARS
    ratings = Rating.objects.filter(
        subtree_q(organization.path, "org_path"),
        period__kind=PeriodKind.YEAR,
        period__year__range=(year - years + 1, year),
        level=Level.EXCELLENT,
    )
    if subject == "member":
        rows = (
            ratings.filter(member__isnull=False)
            .values(
                "member",
                name=F("member__full_name"),
                code=F("member__code"),
                place=F("member__organization__name"),
            )
            .annotate(years=Count("period__year", distinct=True))
            .filter(years=years)
            .order_by("place", "name")
        )
    else:
        if exemplary:
            ratings = ratings.filter(is_exemplary=True)
        rows = (
            ratings.filter(member__isnull=True)
            .values("organization", name=F("organization__name"), code=F("organization__code"))
            .annotate(years=Count("period__year", distinct=True))
            .filter(years=years)
            .order_by("code")
        )
    return list(rows)


def rating_summary(*, organization, period):
    """Decided ratings over `organization`'s subtree in `period`: organizations per level of the
    tree and per rating (with the exemplary ones), members per rating. Two grouped queries.

    Quận 10, 2020, grassroots level: 8 excellent (3 exemplary), 30 good, 3 complete, 0 failed.
    """
    in_scope = Rating.objects.filter(subtree_q(organization.path, "org_path"), period=period)
    organizations = defaultdict(lambda: dict.fromkeys(LEVELS, 0) | {"exemplary": 0})
    for row in (
        in_scope.filter(member__isnull=True)
        .exclude(level="")
        .values("level", tree_level=F("organization__kind__level"))
        .annotate(count=Count("pk"), exemplary=Count("pk", filter=Q(is_exemplary=True)))
        .order_by()
    ):
        counts = organizations[row["tree_level"]]
        counts[row["level"]] += row["count"]
        counts["exemplary"] += row["exemplary"]
    members = dict.fromkeys(LEVELS, 0)
    for row in (
        in_scope.filter(member__isnull=False)
        .exclude(level="")
        .values("level")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        members[row["level"]] = row["count"]
    rows = []
    for tree_level in sorted(organizations):
        counts = organizations[tree_level]
        rows.append(
            {"tree_level": tree_level, "total": sum(counts[level] for level in LEVELS), **counts}
        )
    return {
        "organizations": rows,
        "members": members,
        "members_total": sum(members.values()),
    }


def exemplary_list(*, organization, period):
    """The organizations decided exemplary in `period` within the subtree. One query."""
    return list(
        Rating.objects.filter(
            subtree_q(organization.path, "org_path"),
            period=period,
            member__isnull=True,
            is_exemplary=True,
        )
        .select_related("organization")
        .order_by("org_path")
    )


def commendation_summary(*, organization, year=None):
    """Approved commendations granted within the subtree, per form and reason, collectives and
    individuals apart; `year` limits them to decisions of that year. One grouped query."""
    commendations = Commendation.objects.filter(
        subtree_q(organization.path, "org_path"), status=CommendationStatus.APPROVED
    )
    if year:
        commendations = commendations.filter(decision_date__year=year)
    rows = list(
        commendations.values("form", "reason")
        .annotate(
            collectives=Count("pk", filter=Q(recipient_kind=RecipientKind.COLLECTIVE)),
            individuals=Count("pk", filter=Q(recipient_kind=RecipientKind.INDIVIDUAL)),
        )
        .order_by("form", "reason")
    )
    for row in rows:
        row["form_label"] = CommendationForm(row["form"]).label
        row["reason_label"] = Reason(row["reason"]).label
    return rows


def campaign_summary(*, organization):
    """Works registered within the subtree, per campaign and status, with their mean
    completion. One grouped query."""
    rows = list(
        CampaignWork.objects.filter(subtree_q(organization.path, "org_path"))
        .values("campaign", "status", name=F("campaign__name"))
        .annotate(works=Count("pk"), progress=Avg("progress"))
        .order_by("name", "status")
    )
    for row in rows:
        row["status_label"] = WorkStatus(row["status"]).label
    return rows


# --- commendations --------------------------------------------------------------------------


def authorities(*, granting, on=None):
    """The (form, recipient kind) pairs `granting`'s kind may grant on day `on` (R-AW-01/02)."""
    on = on or timezone.localdate()
    return set(
        AwardAuthority.objects.filter(granting_kind=granting.kind_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values_list("form", "recipient_kind")
    )


def check_authority(*, granting, form, recipient_kind, on=None):
    """Refuse, naming what the body may grant, a form its level may not grant (R-AW-02)."""
    allowed = authorities(granting=granting, on=on)
    if (form, recipient_kind) in allowed:
        return
    names = sorted(
        {f"{CommendationForm(f).label} ({RecipientKind(r).label.lower()})" for f, r in allowed}
    )
    raise ValidationError(
        {
            "form": _(
                "%(body)s (%(kind)s) may not grant a %(form)s to a %(recipient)s. It may grant: "
                "%(allowed)s."
            )
            % {
                "body": granting.name,
                "kind": granting.kind.name,
                "form": CommendationForm(form).label.lower(),
                "recipient": RecipientKind(recipient_kind).label.lower(),
                "allowed": ", ".join(names) or _("nothing in the authority table"),
            }
        }
    )


@transaction.atomic
def propose_commendation(*, granting, actor, form, recipient_kind, reason,
                         recipient_organization=None, recipient_member=None, recipient_name="",
                         reason_detail="", period=None, campaign=None, badge_years=None,
                         decision_number="", decision_date=None):  # fmt: skip
    """Propose (or, with a decision number and date, record approved) a commendation granted
    by `granting`. The recipient stands in `granting`'s subtree (an organization or a member) or
    is named; the authority table decides what `granting` may grant. Audited."""
    errors = {}
    if recipient_kind == RecipientKind.COLLECTIVE:
        recipient_member = None
        if recipient_organization is not None:
            if not recipient_organization.path.startswith(granting.path):
                errors["recipient_organization"] = _(
                    "The organization commended must stand under the granting committee."
                )
            recipient_name = recipient_organization.name
    else:
        recipient_organization = None
        if recipient_member is not None:
            if not recipient_member.org_path.startswith(granting.path):
                errors["recipient_member"] = _(
                    "The member commended must belong under the granting committee."
                )
            recipient_name = recipient_member.full_name
    recipient_name = normalize_text(recipient_name or "")
    if not recipient_name:
        errors["recipient_name"] = _("Name the recipient, or choose an organization or member.")
    if form == CommendationForm.BADGE:
        if recipient_member is None:
            errors["recipient_member"] = _("A party badge is awarded to a member.")
        if badge_years not in BADGE_YEARS:
            errors["badge_years"] = _("A party badge is awarded for %(years)s years.") % {
                "years": ", ".join(str(years) for years in BADGE_YEARS)
            }
    else:
        badge_years = None
    if bool(decision_number) != bool(decision_date):
        errors["decision_number"] = _("An approval needs both the decision number and date.")
    if decision_date and decision_date > timezone.localdate():
        errors["decision_date"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    check_authority(granting=granting, form=form, recipient_kind=recipient_kind, on=decision_date)
    # Proposals of one granting committee are made one at a time (a row lock on PostgreSQL;
    # SQLite writes one transaction at a time), so a double submission finds the first.
    Organization.objects.select_for_update().filter(pk=granting.pk).first()
    existing = _same_commendation(
        granting=granting,
        form=form,
        recipient_organization=recipient_organization,
        recipient_member=recipient_member,
        recipient_name=recipient_name,
        reason=reason,
        reason_detail=normalize_text(reason_detail or ""),
        period=period,
        campaign=campaign,
    )
    if existing is not None:
        raise ValidationError(
            _("%(name)s already has this commendation for this reason (%(status)s%(decision)s).")
            % {
                "name": existing.recipient_name,
                "status": existing.get_status_display().lower(),
                "decision": f", {existing.decision_number}" if existing.decision_number else "",
            }
        )
    commendation = Commendation.objects.create(
        organization=granting,
        org_path=granting.path,
        form=form,
        badge_years=badge_years,
        recipient_kind=recipient_kind,
        recipient_organization=recipient_organization,
        recipient_member=recipient_member,
        recipient_name=recipient_name,
        reason=reason,
        reason_detail=normalize_text(reason_detail or ""),
        period=period,
        campaign=campaign,
        status=CommendationStatus.APPROVED if decision_number else CommendationStatus.PROPOSED,
        decision_number=normalize_text(decision_number or ""),
        decision_date=decision_date,
        proposed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record_audit(
        actor=actor,
        action="recognition.commendation_proposed",
        target=commendation,
        data={"form": form, "recipient_kind": recipient_kind, "status": commendation.status},
        organization_path=granting.path,
    )
    return commendation


def _same_commendation(*, granting, form, recipient_organization, recipient_member,
                       recipient_name, reason, reason_detail, period, campaign):  # fmt: skip
    """The commendation of `granting` with this form, reason and achievement for the same
    recipient, period and campaign, if one was proposed or approved already."""
    same = Commendation.objects.filter(
        organization=granting,
        form=form,
        reason=reason,
        reason_detail__iexact=reason_detail,
        period=period,
        campaign=campaign,
    )
    if recipient_member is not None:
        same = same.filter(recipient_member=recipient_member)
    elif recipient_organization is not None:
        same = same.filter(recipient_organization=recipient_organization)
    else:
        same = same.filter(
            recipient_member__isnull=True,
            recipient_organization__isnull=True,
            recipient_name__iexact=recipient_name,
        )
    return same.order_by("pk").first()


@transaction.atomic
def approve_commendations(*, commendations, actor, decision_number, decision_date):
    """Approve proposed commendations by one decision, all or nothing: each is checked again
    against the authority table on the decision's date. Returns the number approved."""
    decision_number = normalize_text(decision_number or "")
    if not decision_number or not decision_date:
        raise ValidationError(_("An approval needs both the decision number and date."))
    if decision_date > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    rows = list(
        commendations.select_for_update(of=("self",))
        .filter(status=CommendationStatus.PROPOSED)
        .select_related("organization__kind")
    )
    for row in rows:
        check_authority(
            granting=row.organization,
            form=row.form,
            recipient_kind=row.recipient_kind,
            on=decision_date,
        )
    Commendation.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=CommendationStatus.APPROVED,
        decision_number=decision_number,
        decision_date=decision_date,
    )
    record_audit_bulk(
        audit_event(
            actor=actor,
            action="recognition.commendation_approved",
            target=row,
            data={"decision_number": decision_number},
            organization_path=row.org_path,
        )
        for row in rows
    )
    return len(rows)


# --- emulation campaigns --------------------------------------------------------------------


@transaction.atomic
def create_campaign(*, organizer, actor, name, starts_on, ends_on, goal=""):
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})
    campaign = Campaign.objects.create(
        organization=organizer,
        org_path=organizer.path,
        name=normalize_text(name),
        starts_on=starts_on,
        ends_on=ends_on,
        goal=goal.strip(),
    )
    record_audit(
        actor=actor,
        action="recognition.campaign_created",
        target=campaign,
        data={"name": campaign.name},
        organization_path=organizer.path,
    )
    return campaign


@transaction.atomic
def register_work(*, campaign, organization, actor, title, registered_on):
    """An organization under the campaign's organizer registers a work (công trình)."""
    if not organization.path.startswith(campaign.org_path):
        raise ValidationError(
            {"organization": _("The organization must stand under the campaign's organizer.")}
        )
    if not campaign.starts_on <= registered_on <= campaign.ends_on:
        raise ValidationError({"registered_on": _("The date must fall within the campaign.")})
    work = CampaignWork.objects.create(
        campaign=campaign,
        organization=organization,
        org_path=organization.path,
        title=normalize_text(title),
        registered_on=registered_on,
    )
    record_audit(
        actor=actor,
        action="recognition.work_registered",
        target=work,
        data={"campaign": campaign.pk, "title": work.title},
        organization_path=organization.path,
    )
    return work


def update_work(*, work, actor, expected_version, status, progress, completed_on=None, result=""):
    """Record how a work is going (compare-and-set). A completed work is at 100 % with its
    completion date; a work in progress has no completion date."""
    errors = {}
    if not 0 <= progress <= 100:
        errors["progress"] = _("Completion is between 0 and 100 %.")
    if status == WorkStatus.COMPLETED:
        if progress != 100:
            errors["progress"] = _("A completed work is at 100 %.")
        if completed_on is None:
            errors["completed_on"] = _("Give the date the work was completed.")
    elif completed_on is not None:
        errors["completed_on"] = _("Only a completed work has a completion date.")
    if completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return versioned_update(
        instance=work,
        changes={
            "status": status,
            "progress": progress,
            "completed_on": completed_on,
            "result": result.strip(),
        },
        expected_version=expected_version,
        actor=actor,
        action="recognition.work_updated",
        stale_message=_("Someone else changed this work. Reload and try again."),
        organization_path=work.org_path,
    )


def streak_years():
    return settings.RECOGNITION_STREAK_YEARS
