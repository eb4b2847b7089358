"""Reads for the credentials report (R-EL-34): the make-up of whom a congress convenes on its
day, counted in memory from one query of the convened members (a 550-delegate roll is 550
rows), so the web page and the PDF show the same figures from the same function."""

import collections
import dataclasses
import itertools
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from congresses.choices import CongressKind
from delegates import hooks
from delegates.choices import DelegateStatus, HowSelected
from delegates.models import Delegate
from delegates.selectors import congress_day, convened
from organizations.choices import Education, Gender, PoliticalTheory, Qualification
from organizations.models import Member
from organizations.selectors import units_of
from organizations.services import age_on
from personnel.selectors import format_percent

# Age bands of R-EL-34 as the issue and the central guidance count them: (label, up to age).
AGE_BANDS = ((30, "≤ 30"), (40, "31–40"), (50, "41–50"), (60, "51–60"), (None, "> 60"))
LEVELS = (
    ("education", Education),
    ("qualification", Qualification),
    ("political_theory", PoliticalTheory),
)


@dataclasses.dataclass
class Count:
    """One line of a breakdown: a label, a number and its share of the convened."""

    label: str
    count: int
    share: Decimal | None = None  # a percentage, two decimals

    @property
    def share_text(self):
        return "—" if self.share is None else f"{format_percent(self.share)} %"


def _share(count, total):
    return (Decimal(100 * count) / total).quantize(Decimal("0.01")) if total else None


def _counts(pairs, total):
    return [Count(label, count, _share(count, total)) for label, count in pairs]


def _age_bands(ages, total):
    counted = collections.Counter()
    for age in ages:
        label = next(label for limit, label in AGE_BANDS if limit is None or age <= limit)
        counted[label] += 1
    return _counts(((label, counted[label]) for _limit, label in AGE_BANDS), total)


def _party_age_bands(party_ages, total):
    """Bands of years since admission at the bounds of the CREDENTIALS_PARTY_AGE_BANDS setting
    (the bands are not fixed by a rule: inferred, R-EL-34)."""
    bounds = settings.CREDENTIALS_PARTY_AGE_BANDS
    labels = [_("under %(years)s years") % {"years": bounds[0]}]
    labels += [
        _("%(low)s to under %(high)s years") % {"low": low, "high": high}
        for low, high in itertools.pairwise(bounds)
    ]
    labels.append(_("%(years)s years and more") % {"years": bounds[-1]})
    counted = collections.Counter(
        sum(1 for bound in bounds if years >= bound) for years in party_ages
    )
    return _counts(((label, counted[index]) for index, label in enumerate(labels)), total)


def _level_counts(members, field_name, choices, total):
    counted = collections.Counter(getattr(member, field_name) for member in members)
    pairs = [(choice.label, counted[choice.value]) for choice in choices]
    if counted[""]:
        pairs.append((_("not recorded"), counted[""]))
    return _counts(pairs, total)


def _ethnicities(members, total):
    counted = collections.Counter(member.ethnicity for member in members)
    return _counts(sorted(counted.items(), key=lambda pair: (-pair[1], pair[0])), total)


def _person(member, day):
    return {"name": member.full_name, "age": age_on(day, member.birth_date)}


def _extremes(members, day):
    """(youngest, oldest) as {"name", "age"}, or (None, None) for an empty roll."""
    if not members:
        return None, None
    by_birth = sorted(members, key=lambda member: (member.birth_date, member.full_name))
    return _person(by_birth[-1], day), _person(by_birth[0], day)


def _selected_how(member):
    if getattr(member, "selected_how", None):
        return HowSelected(member.selected_how).label
    return _("official party members") if member.official_on else _("probationary party members")


def _selection(members, total):
    """Convened by how selected: the roll's `selected_how` (a delegate congress), else
    official and probationary members (a member congress)."""
    labels = collections.Counter(
        HowSelected(member.selected_how).label
        if getattr(member, "selected_how", None)
        else (
            _("official party members") if member.official_on else _("probationary party members")
        )
        for member in members
    )
    return _counts(sorted(labels.items()), total)


def credentials_figures(congress, *, day=None):
    """The credentials report's figures for `congress` on `day` (its congress day by default):
    convened and present by how selected, gender, age bands with the youngest and oldest,
    ethnicity, the three levels, party age bands, members of the outgoing committee and the
    delegates whose credentials were not accepted. Two queries (one more for a delegate
    congress's credentials not accepted)."""
    day = day or congress_day(congress)
    members = list(convened(congress, day=day))
    total = len(members)
    present_ids = hooks.present_member_ids(congress)
    youngest, oldest = _extremes(members, day)
    return {
        "congress": congress,
        "day": day,
        "convened": total,
        "present": None if present_ids is None else sum(m.pk in present_ids for m in members),
        "selection": _selection(members, total),
        "gender": _counts(
            [
                (label, sum(member.gender == value for member in members))
                for value, label in Gender.choices
            ],
            total,
        ),
        "ages": _age_bands((age_on(day, member.birth_date) for member in members), total),
        "youngest": youngest,
        "oldest": oldest,
        "ethnicities": _ethnicities(members, total),
        "levels": [
            (
                field_name,
                Member._meta.get_field(field_name).verbose_name,
                _level_counts(members, field_name, choices, total),
            )
            for field_name, choices in LEVELS
        ],
        "party_ages": _party_age_bands(
            (_years_between(member.admitted_on, day) for member in members), total
        ),
        "committee_members": _outgoing_committee(members),
        "not_accepted": _not_accepted(congress),
    }


def _years_between(start, day):
    return age_on(day, start) if start <= day else 0


def _outgoing_committee(members):
    """How many of the convened sit on the outgoing committee: a delegate congress's ex officio
    delegates (R-EL-32); None for a member congress, whose roll does not record it."""
    if not members or not getattr(members[0], "selected_how", None):
        return None
    return sum(member.selected_how == HowSelected.EX_OFFICIO for member in members)


def _not_accepted(congress):
    """[(name, unit, delegation, reason and the committee's conclusion)] of the delegates whose
    credentials were not accepted, each with their unit (their cell and the organization above
    it: two people of one name are told apart, issue 19); a member congress has none. One
    query, and two for the units when there is any."""
    if congress.kind != CongressKind.DELEGATE:
        return []
    rows = list(
        Delegate.objects.filter(congress=congress, status=DelegateStatus.NOT_ACCEPTED)
        .select_related("member", "represents")
        .order_by("member__name_key", "pk")
    )
    units = units_of(row.member.organization_id for row in rows)
    return [
        (
            row.member.full_name,
            units.get(row.member.organization_id, "—"),
            row.represents.name,
            " — ".join(text for text in (row.reason, row.decision) if text),
        )
        for row in rows
    ]
