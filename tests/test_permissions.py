"""The permission matrix: every URL pattern × role × position of the target in the tree.

The user holds `role` over Đảng bộ quận Tây Hồ. Targets stand at five positions relative to
that grant: the granted organization itself (own), below it (child), beside it (sibling),
above it (parent), and in another city (other). Expected: readable → 200 (or 302 after a
successful POST); visible but not allowed → 403; outside the scope → 404; anonymous → login.
Every refused POST is shown to change nothing. A URL pattern missing from URLS fails the suite.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditEvent
from organizations.models import Member, Organization
from reports import services as report_services
from reports.choices import JobStatus
from reports.models import ReportJob
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, kind

pytestmark = pytest.mark.django_db

ROLES = ["none", "leader", "working_group", "secretary", "staff", "admin"]
WRITERS = {"working_group", "secretary", "staff", "admin"}
POSITIONS = ["own", "child", "sibling", "parent", "other"]
VISIBLE = {"own", "child"}


@dataclass(frozen=True)
class Case:
    """How to reach one URL pattern and what it requires.

    access: "public" (anyone), "login" (any signed-in user, no object), "read" (the target
    must be in scope), "write" (in scope and a writing role), "tree" (a tree role anywhere).
    target: which object of the position the URL names ("organization", "member", "job").
    post: a function (world, position) -> POST data for a mutating URL, or None.
    """

    access: str
    target: str | None = None
    methods: tuple = ("get",)
    post: object = None
    # Status of an allowed POST: a redirect after a change, or the page again (htmx row,
    # upload form with its errors).
    post_status: int = 302


def member_payload(world, position):
    cell = world["cells"][position]
    return {
        "code": f"NEW-{position}",
        "full_name": "Lê Thị Mai",
        "gender": "female",
        "birth_date": "03/04/1980",
        "ethnicity": "Kinh",
        "admitted_on": "13/04/2005",
        "official_on": "13/04/2006",
        "organization": cell.pk if cell else "",
    }


def member_edit_payload(world, position):
    member = world["members"][position]
    payload = member_payload(world, position)
    payload.pop("code")
    payload["organization"] = member.organization_id if member else ""
    payload["version"] = member.version if member else 1
    return payload


def report_payload(world, position):
    return {"organization": world["organizations"][position].pk, "kind": "test"}


URLS = {
    "login": Case("public"),
    "logout": Case("public"),
    "set_language": Case("public"),
    "home": Case("login"),
    "organizations:organization-list": Case("login"),
    "reports:job-list": Case("login"),
    "organizations:organization-detail": Case("read", "organization"),
    "organizations:member-list": Case("read", "organization"),
    "reports:job-status": Case("read", "job"),
    "reports:job-download": Case("read", "job"),
    "reports:job-request": Case("read", None, ("post",), report_payload, post_status=200),
    "organizations:member-create": Case("write", "organization", ("get", "post"), member_payload),
    "organizations:member-edit": Case("write", "member", ("get", "post"), member_edit_payload),
    "organizations:organization-export": Case("read", "organization"),
    # Import: a tree role anywhere; the posts carry no file (the uploads have their own tests).
    "organizations:organization-import": Case(
        "tree", methods=("get", "post"), post=lambda world, position: {}, post_status=200
    ),
    "organizations:organization-import-confirm": Case(
        "tree", methods=("post",), post=lambda world, position: {}
    ),
    "organizations:organization-import-template": Case("tree"),
}
TREE_ROLES = {"staff", "admin"}


def url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: superusers only, its own permission tests
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_is_in_the_matrix():
    assert sorted(url_names()) == sorted(URLS)


@pytest.fixture
def world():
    """Hà Nội (Tây Hồ with a ward and cells, Long Biên) and Hồ Chí Minh City (Quận 10)."""
    city = OrganizationFactory(code="HN", name="Đảng bộ thành phố Hà Nội")
    tay_ho = OrganizationFactory(code="HN-TH", name="Đảng bộ quận Tây Hồ", parent=city)
    treasury = OrganizationFactory(
        code="HN-TH-C01", parent=tay_ho, kind=kind("chi-bo-co-so"), name="Chi bộ Kho bạc"
    )
    ward = OrganizationFactory(code="HN-TH-P07", name="Đảng bộ phường Xuân La", parent=tay_ho)
    ward_cell = OrganizationFactory(code="HN-TH-P07-CB1", parent=ward)
    long_bien = OrganizationFactory(code="HN-LB", parent=city)
    long_bien_ward = OrganizationFactory(code="HN-LB-P01", parent=long_bien)
    long_bien_cell = OrganizationFactory(code="HN-LB-P01-CB1", parent=long_bien_ward)
    hcmc = OrganizationFactory(code="HCM")
    quan_10 = OrganizationFactory(code="HCM-Q10", parent=hcmc)
    quan_10_ward = OrganizationFactory(code="HCM-Q10-P01", parent=quan_10)
    quan_10_cell = OrganizationFactory(code="HCM-Q10-P01-CB1", parent=quan_10_ward)

    organizations = {
        "own": tay_ho,
        "child": ward,
        "sibling": long_bien,
        "parent": city,
        "other": quan_10,
    }
    # Cells in which a member can be created or found, per position (none above districts).
    cells = {
        "own": treasury,
        "child": ward_cell,
        "sibling": long_bien_cell,
        "parent": None,
        "other": quan_10_cell,
    }
    members = {
        position: MemberFactory(organization=cell, birth_date=datetime.date(1970, 1, 1))
        if cell
        else None
        for position, cell in cells.items()
    }
    jobs = {}
    for position, organization in organizations.items():
        job = report_services.request_report(
            user=None, organization=organization, kind="test", language="vi"
        )
        # A finished job without rendering: the matrix is about access, not about PDFs.
        job.file.save(f"{job.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, file=job.file.name)
        jobs[position] = job
    return {"organizations": organizations, "cells": cells, "members": members, "jobs": jobs}


def make_user(world, role):
    if role == "none":
        return UserFactory()
    return UserFactory(scope=world["organizations"]["own"], role=role)


def target_url(name, case, world, position):
    if case.target is None:
        return reverse(name)
    target = world[f"{case.target}s"][position]
    if target is None:
        return None
    return reverse(name, args=[target.pk])


def snapshot():
    """Everything a refused POST might have touched."""
    return (
        list(
            Member.objects.order_by("pk").values_list("pk", "full_name", "organization", "version")
        ),
        Organization.objects.count(),
        ReportJob.objects.count(),
        AuditEvent.objects.count(),
    )


def expected_status(case, role, position, method):
    if case.access == "login":
        return 200
    if case.access == "tree":
        if role not in TREE_ROLES:
            return 403
        return case.post_status if method == "post" else 200
    visible = role != "none" and position in VISIBLE
    if not visible:
        return 404
    if case.access == "write" and role not in WRITERS:
        return 403
    return case.post_status if method == "post" else 200


MATRIX = [
    (name, role, position, method)
    for name, case in URLS.items()
    if case.access in {"read", "write", "tree"}
    for role in ROLES
    # A tree role is not about a position: one position is enough.
    for position in (POSITIONS if case.access != "tree" else ["own"])
    for method in case.methods
]


@pytest.mark.parametrize(("name", "role", "position", "method"), MATRIX)
def test_matrix(client, world, name, role, position, method):
    case = URLS[name]
    url = target_url(name, case, world, position)
    if url is None:
        pytest.skip("no such object at this position (members stand in cells only)")
    client.force_login(make_user(world, role))
    before = snapshot()

    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, case.post(world, position), headers={"HX-Request": "true"})

    expected = expected_status(case, role, position, method)
    assert response.status_code == expected, response.content[:300]
    if method == "post" and expected in (403, 404):
        assert snapshot() == before
    if method == "post" and expected in (200, 302) and case.access != "tree":
        assert snapshot() != before


@pytest.mark.parametrize("name", [name for name, case in URLS.items() if case.access == "login"])
def test_pages_without_object_answer_every_signed_in_user(client, world, name):
    client.force_login(UserFactory())

    response = client.get(reverse(name))

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("name", [name for name, case in URLS.items() if case.access != "public"])
def test_anonymous_requests_go_to_login(client, world, name):
    case = URLS[name]
    url = target_url(name, case, world, "own")

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_superuser_reaches_every_position(client, world):
    client.force_login(UserFactory(is_superuser=True))

    statuses = {
        position: client.get(
            reverse("organizations:organization-detail", args=[organization.pk])
        ).status_code
        for position, organization in world["organizations"].items()
    }

    assert statuses == dict.fromkeys(POSITIONS, 200)


def test_denied_access_is_logged_for_security(client, world, caplog):
    client.force_login(make_user(world, "leader"))

    client.get(reverse("organizations:member-create", args=[world["organizations"]["own"].pk]))

    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        "access denied",
        "Forbidden (Permission denied)",
    ]
