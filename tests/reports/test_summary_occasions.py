"""The wave's figures count the regular congresses; the other occasions (a cell's mid-term
congress, after a merger, extraordinary) are counted apart (issue 15, items 1 and 6): in the
congress summary as on the dashboard, for the same date."""

import datetime

import pytest
from django.utils.translation import override

from congresses import dashboard, occasions, services, working_groups
from congresses.choices import Stage
from congresses.models import Congress, Term
from personnel import selectors as personnel
from personnel.services.plans import save_committee_plan
from reports.choices import ReportKind
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def term(db):
    return Term.objects.get(name="2020–2025")


@pytest.fixture
def wave(tree, term):
    """Tây Hồ planned (Xuân La with two cells); the cells' mid-term congresses, and an
    extraordinary congress of the first cell held on 01/05/2024."""
    cells = [
        OrganizationFactory(code=f"HN-TH-P07-CB{number}", parent=tree["xuan_la"])
        for number in (1, 2)
    ]
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    occasions.plan_mid_term_congresses(term=term, root=tree["xuan_la"], actor=None)
    extra = occasions.plan_extraordinary_congress(
        organization=cells[0], term=term, reason="Kiện toàn cấp ủy", actor=None
    )
    Congress.objects.filter(pk=extra.pk).update(stage=Stage.HELD, held_on=D(2024, 5, 1))
    return {"tree": tree, "cells": cells, "extra": Congress.objects.get(pk=extra.pk)}


@pytest.mark.parametrize("day", [D(2024, 4, 30), D(2024, 5, 1)])
def test_the_summary_counts_the_other_congresses_apart_as_the_dashboard(wave, term, day, rendering):
    tay_ho = wave["tree"]["tay_ho"]

    summary = rendering.sections(
        rendering.job(tay_ho, ReportKind.CONGRESS_SUMMARY, term=term.name, as_of=day)
    )
    figures = dashboard.wave_figures(organization=tay_ho, term=term, as_of=day)

    (table,) = summary["Các đại hội khác trong nhiệm kỳ"].tables
    with override("vi"):
        from_dashboard = [
            [str(occasion_label(row["occasion"])), row["planned"], row["held"]]
            for row in figures["other_occasions"]
        ]
    assert [[str(cell) for cell in row[:1]] + row[1:] for row in table.rows] == from_dashboard
    # Held on 01/05/2024: not the day before.
    assert [row[2] for row in table.rows] == [0, 1 if day == D(2024, 5, 1) else 0]
    # The progress of the wave counts the regular congresses only, as the dashboard does.
    assert (
        f"{figures['totals']['held']}/{figures['totals']['planned']} đại hội"
        in (summary["Tiến độ tổ chức đại hội"].paragraphs[0])
    )


def occasion_label(code):
    from congresses.choices import CongressOccasion

    return CongressOccasion(code).label


def test_a_summary_without_other_congresses_has_no_such_section(tree, term, rendering):
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)

    summary = rendering.sections(
        rendering.job(tree["tay_ho"], ReportKind.CONGRESS_SUMMARY, term=term.name)
    )

    assert "Các đại hội khác trong nhiệm kỳ" not in summary
    assert "Tiến độ tổ chức đại hội" in summary


def test_the_committee_plans_per_level_count_the_regular_congresses(wave, term):
    cell = wave["cells"][0]
    regular = Congress.objects.regular().get(organization=cell, term=term)
    save_committee_plan(congress=regular, actor=None, committee_seats=1)
    save_committee_plan(congress=wave["extra"], actor=None, committee_seats=2)

    rows = personnel.planned_by_level(organization=wave["tree"]["tay_ho"], term=term)

    assert [(row["level"], row["plans"], row["seats"]) for row in rows] == [(regular.level, 1, 1)]


def test_the_working_group_report_counts_its_regular_congresses_on_the_date(wave, term, rendering):
    tay_ho, xuan_la = wave["tree"]["tay_ho"], wave["tree"]["xuan_la"]
    group = working_groups.save_working_group(
        term=term, owner=tay_ho, name="Tổ công tác số 3", leader_name="Nguyễn Văn An",
        members=[], organizations=[wave["cells"][0], xuan_la], actor=None,
    )  # fmt: skip
    cell = Congress.objects.regular().get(organization=wave["cells"][0], term=term)
    services.record_progress(
        congress=cell, actor=None, reported_on=D(2020, 3, 5), stage_reached=Stage.HELD
    )

    def progress(day):
        report = rendering.sections(
            rendering.job(tay_ho, ReportKind.WORKING_GROUP, group=group.pk, as_of=day)
        )
        return report["Các đại hội tổ công tác phụ trách"]

    before, after = progress(D(2020, 3, 4)), progress(D(2020, 3, 5))

    # The cell's and the ward's regular congresses; the cell's mid-term and extraordinary ones
    # are listed with their occasion, not counted.
    assert before.paragraphs == ["Đã tổ chức 0/2 đại hội."]
    assert after.paragraphs == ["Đã tổ chức 1/2 đại hội."]
    # Organization, the one above it, planned date, stage, last report.
    stages = {
        name: [(row[0], row[3]) for row in report.tables[0].rows]
        for name, report in (("before", before), ("after", after))
    }
    assert len(stages["before"]) == 4
    assert sum("(" in stage for _name, stage in stages["before"]) == 2
    assert "Đã tổ chức đại hội" not in {stage for _name, stage in stages["before"]}
    assert "Đã tổ chức đại hội" in {stage for _name, stage in stages["after"]}


def test_the_summary_counts_the_organizations_there_on_its_date(wave, term, rendering):
    from organizations import services as organization_services

    cell = wave["cells"][1]
    organization_services.update_organization(
        organization=cell, actor=None, expected_version=cell.version, valid_to=D(2024, 6, 30)
    )

    def organizations(day):
        summary = rendering.sections(
            rendering.job(
                wave["tree"]["tay_ho"], ReportKind.CONGRESS_SUMMARY, term=term.name, as_of=day
            )
        )
        (table,) = summary["Tình hình tổ chức đảng"].tables
        return sum(row[1] for row in table.rows)

    assert organizations(D(2024, 6, 29)) == organizations(D(2024, 6, 30)) + 1
