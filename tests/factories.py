import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from congresses.choices import HELD_STAGES, Stage
from congresses.models import Congress
from organizations import services
from organizations.models import Member, Organization, OrganizationKind, RoleGrant

# The kinds come from the seed migration; by level of the tree, for factories.
KIND_BY_DEPTH = {
    1: "dang-bo-tinh",
    2: "dang-bo-huyen",
    3: "dang-bo-co-so",
    4: "chi-bo-truc-thuoc",
}


def kind(code):
    return OrganizationKind.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    """Organizations through the public service, so path and depth are always right.

    Without `kind`, the kind follows the depth: city, district, grassroots committee, cell.
    """

    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    name = factory.Sequence(lambda n: f"Tổ chức đảng số {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, kind=None, **kwargs):
        if kind is None:
            depth = 1 if parent is None else parent.depth + 1
            kind = OrganizationKind.objects.get(code=KIND_BY_DEPTH[depth])
        # A kind that ended (the district level, R-OR-06) is created on its last day.
        kwargs.setdefault("as_of", kind.valid_until)
        return services.create_organization(parent=parent, kind=kind, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; with `scope` and `role`, granted that role over the scope's subtree."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn An"
    password = factory.django.Password("correct horse battery staple")

    @classmethod
    def _create(cls, model_class, *args, scope=None, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if scope is not None:
            RoleGrant.objects.create(user=user, role=role, organization=scope)
        return user


class MemberFactory(factory.django.DjangoModelFactory):
    """A member through the service (path copy, name key, audit); official by default."""

    class Meta:
        model = Member

    code = factory.Sequence(lambda n: f"DV{n:06d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thành {n}")
    gender = "male"
    birth_date = datetime.date(1975, 5, 19)
    ethnicity = "Kinh"
    # Admitted at 20 (or a year ago for the youngest), official a year after admission.
    admitted_on = factory.LazyAttribute(
        lambda member: min(
            member.birth_date.replace(year=member.birth_date.year + 20),
            timezone.localdate() - datetime.timedelta(days=400),
        )
    )
    official_on = factory.LazyAttribute(
        lambda member: member.admitted_on + datetime.timedelta(days=366)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_member(actor=None, **kwargs)


def make_congress(
    organization, *, term, stage=Stage.PLANNED, planned=None, ended=None, pilot=False
):
    """A congress of `organization` in `term`, written directly (no plan, no audit)."""
    return Congress.objects.create(
        term=term,
        organization=organization,
        org_path=organization.path,
        level=organization.kind.level,
        ordinal=1,
        kind="all_member",
        stage=stage,
        planned_date=planned,
        ended_on=ended,
        # Held from its closing date (else its planned date), as change_stage would record it.
        held_on=(ended or planned) if stage in HELD_STAGES else None,
        is_pilot=pilot,
    )


OPENED = datetime.date(2020, 8, 20)


def ward_committee(parent, code="HN-PTH"):
    """A ward committee of 2025 (dang-bo-phuong, level 2, valid from 01/07/2025) under the
    city `parent`: the level-2 organization that holds a 2025–2030 congress now the district
    level has ended (R-OR-05)."""
    return OrganizationFactory(
        code=code,
        name="Đảng bộ phường Tây Hồ",
        parent=parent,
        kind=OrganizationKind.objects.get(code="dang-bo-phuong"),
    )


def open_congress(congress, opened):
    """`congress` moved to "personnel approved" a week before `opened`, opened on `opened`."""
    from congresses import services as congress_services

    for stage in (Stage.PREPARING, Stage.DOCUMENTS_APPROVED, Stage.PERSONNEL_APPROVED):
        congress = congress_services.change_stage(
            congress=congress,
            to_stage=stage,
            actor=None,
            expected_version=congress.version,
            effective_on=opened - datetime.timedelta(days=7),
        )
    return congress_services.update_congress(
        congress=congress, actor=None, expected_version=congress.version, started_on=opened
    )
