"""Property tests of "as of" over random histories (issue 15, item 3): a small random wave under
a ward, its congresses moved through their stages by change_stage on random days, with
directives, congress documents (discussion rounds, approval), follow-up tasks and
commendations dated at random through the documents and recognition services. On random dates
the dashboard, the congress summary and its Excel export give the same figures, the held
counts grow with the date, the summary counts the records dated by then, and the PDFs of the
summary, the commendation list, the classification summary and a working group's report show
no event after their date (a congress's planned date alone may be later). The random wave and
the election rounds, complaints and ratings dated with it come from tests/histories.py."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from congresses import dashboard, working_groups
from congresses.models import Congress, Term
from documents import services as documents
from documents.choices import DocumentKind, TaskKind, TaskStatus
from organizations.models import Organization
from recognition.choices import CommendationForm, Reason, RecipientKind
from recognition.services import commendations as recognition
from reports import services as report_services
from reports.choices import ReportKind
from reports.excel import tables_to_xlsx
from reports.kinds import build_context
from tests.histories import CELL, EVENTS, START, after, build_events, build_wave
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db

# A date as the reports print it; white space may split it where the PDF wraps a cell.
SHOWN_DATE = re.compile(r"\b(\d{2})\s?/\s?(\d{2})\s?/\s?(\d{4})\b")
# The records dated at random (days after START): directives issued by the district; documents
# of the ward's congress with their discussion rounds and maybe an approval; follow-up tasks
# set on a day, maybe started some days later, maybe completed some days after that.
RECORDS = st.fixed_dictionaries(
    {
        "directives": st.lists(st.integers(-200, 400), min_size=1, max_size=3),
        "documents": st.lists(
            st.tuples(
                st.sampled_from(list(DocumentKind)),
                st.lists(st.integers(-100, 400), max_size=3),
                st.none() | st.integers(0, 200),
            ),
            min_size=1,
            max_size=2,
        ),
        "tasks": st.lists(
            st.tuples(
                st.integers(0, 500),
                st.none() | st.integers(0, 60),
                st.none() | st.integers(0, 120),
            ),
            min_size=1,
            max_size=3,
        ),
        # Certificates of merit from the district for the congress work: proposed on a day,
        # maybe decided some days later; to the ward (a collective) or to a person.
        "commendations": st.lists(
            st.tuples(st.integers(0, 400), st.none() | st.integers(0, 60), st.booleans()),
            max_size=3,
        ),
    }
)
SETTINGS = settings(
    max_examples=8,
    deadline=None,
    # function_scoped_fixture: the fixtures are read only, each example rolls its writes back.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def build_records(tree, term, records):
    """The random records through the documents services. Returns what each counts from:
    {"directives": issue days, "documents": (kind, round days, approval day),
    "tasks": (set on, started on, done on)}."""
    ward_congress = Congress.objects.get(organization=tree["xuan_la"], term=term)
    directives = []
    for number, day in enumerate(records["directives"], start=1):
        documents.create_directive(
            organization=tree["tay_ho"],
            term=term,
            actor=None,
            number=f"{number:02d}-CT/QU",
            issued_on=after(day),
            title=f"Chỉ thị số {number} về đại hội",
            issuing_body="Quận ủy Tây Hồ",
        )
        directives.append(after(day))
    kept = []
    for kind, rounds, approval in records["documents"]:
        document = documents.create_document(
            congress=ward_congress, actor=None, kind=kind, title="Dự thảo văn kiện"
        )
        for day in rounds:
            documents.add_round(document=document, actor=None, held_on=after(day))
        approved_on = None
        if approval is not None:
            documents.add_version(document=document, actor=None, text="Toàn văn dự thảo.")
            document.refresh_from_db()
            approved_on = after(max(rounds, default=0) + approval)
            documents.approve_document(
                document=document,
                actor=None,
                expected_version=document.version,
                approved_on=approved_on,
                approval_number="12-QĐ/QU",
                approval_body="Quận ủy Tây Hồ",
            )
        kept.append((kind, [after(day) for day in rounds], approved_on))
    tasks = []
    for set_on, start, finish in records["tasks"]:
        started_on = after(set_on + start) if start is not None else None
        done_on = None
        if finish is not None:
            done_on = (started_on or after(set_on)) + datetime.timedelta(days=finish)
        status = (
            TaskStatus.DONE
            if done_on
            else TaskStatus.IN_PROGRESS
            if started_on
            else TaskStatus.TODO
        )
        documents.create_follow_up(
            organization=tree["xuan_la"],
            term=term,
            actor=None,
            kind=TaskKind.WORKING_REGULATION,
            title="Xây dựng quy chế làm việc",
            owner="Văn phòng Đảng ủy",
            deadline=after(set_on + 90),
            status=status,
            done_on=done_on,
            started_on=started_on,
            created_on=after(set_on),
        )
        tasks.append((after(set_on), started_on, done_on))
    commendations = []
    for number, (proposed, decided, collective) in enumerate(records["commendations"], 1):
        decision_date = after(proposed + decided) if decided is not None else None
        recognition.propose_commendation(
            granting=tree["tay_ho"],
            actor=None,
            form=CommendationForm.CERTIFICATE,
            recipient_kind=RecipientKind.COLLECTIVE if collective else RecipientKind.INDIVIDUAL,
            recipient_organization=tree["xuan_la"] if collective else None,
            recipient_name="" if collective else f"Nguyễn Thị Hoa {number}",
            reason=Reason.CONGRESS,
            reason_detail=f"Thành tích số {number}",
            decision_number=f"{number:02d}-QĐ/QU" if decision_date else "",
            decision_date=decision_date,
            proposed_on=after(proposed),
        )
        commendations.append((decision_date, collective))
    return {
        "directives": directives,
        "documents": kept,
        "tasks": tasks,
        "commendations": commendations,
    }


def summary_job(rendering, organization, day):
    return rendering.job(
        organization, ReportKind.CONGRESS_SUMMARY, term="2020-2025", as_of=day.isoformat()
    )


def summary_figures(rendering, report):
    """The per-level rows and the opening sentence of the summary's progress section, and the
    rows of its Excel sheet, as [level, planned, held, overdue, pilots held]."""
    with translation.override("vi"):
        context = build_context(report)
    progress = next(
        section for section in context["sections"] if section.heading == "Tiến độ tổ chức đại hội"
    )
    workbook = load_workbook(io.BytesIO(tables_to_xlsx(context)))
    # Row 1: the table's full title; row 2: its section; row 3: the column headings.
    sheet = next(
        workbook[name]
        for name in workbook.sheetnames
        if workbook[name]["A1"].value == "Đại hội theo cấp"
    )

    def figures(rows):
        return [[row[0], row[1], row[2], row[6], int(row[7].split("/")[0])] for row in rows]

    return (
        figures(progress.tables[0].rows),
        figures(sheet.iter_rows(min_row=4, values_only=True)),
        progress.paragraphs[0],
    )


@SETTINGS
@given(
    cells=st.lists(CELL, min_size=1, max_size=4),
    ward=CELL,
    offsets=st.lists(st.integers(-40, 500), min_size=2, max_size=4),
    events=EVENTS,
)
def test_dashboard_summary_and_excel_agree_and_held_grows(
    tree, rendering, cells, ward, offsets, events
):
    term = Term.objects.get(name="2020–2025")
    days = sorted(START + datetime.timedelta(days=offset) for offset in offsets)
    with transaction.atomic():
        cache.clear()
        held_days = build_wave(tree, term, cells, ward)
        build_events(tree, term, events, held_days[-1])  # rounds and complaints: not counted
        readings = []
        for day in days:
            figures = dashboard.wave_figures(organization=tree["tay_ho"], term=term, as_of=day)
            readings.append(
                (figures, summary_figures(rendering, summary_job(rendering, tree["tay_ho"], day)))
            )
        transaction.set_rollback(True)

    held = []
    for day, (figures, (table, excel, sentence)) in zip(days, readings, strict=True):
        expected = [
            [row["label"], row["planned"], row["held"], row["overdue"], row["pilots_held"]]
            for row in figures["by_level"]
        ]
        assert table == expected, day
        assert excel == expected, day
        totals = figures["totals"]
        assert f"đã tổ chức {totals['held']}/{totals['planned']} đại hội" in sentence
        assert totals["planned"] == len(held_days)
        held.append(totals["held"])
        assert totals["held"] == sum(1 for held_on in held_days if held_on and held_on <= day)
        assert totals["pilots_held"] == sum(
            1
            for (_planned, pilot, *_rest), held_on in zip([*cells, ward], held_days, strict=True)
            if pilot and held_on and held_on <= day
        )
    assert held == sorted(held)  # held(d1) <= held(d2) for d1 < d2


def shown_dates(text):
    return [
        datetime.date(int(year), int(month), int(day))
        for day, month, year in SHOWN_DATE.findall(text)
    ]


@settings(
    max_examples=4,
    deadline=None,
    # function_scoped_fixture: the fixtures are read only, each example rolls its writes back.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cells=st.lists(CELL, min_size=1, max_size=3),
    ward=CELL,
    records=RECORDS,
    offset=st.integers(-40, 500),
    events=EVENTS,
)
def test_the_pdfs_of_a_random_wave_show_no_later_event(
    tree, rendering, cells, ward, records, offset, events
):
    term = Term.objects.get(name="2020–2025")
    day = START + datetime.timedelta(days=offset)
    with transaction.atomic():
        cache.clear()
        held_days = build_wave(tree, term, cells, ward)
        # The ward's committee elected on its congress day, complaints received on any day:
        # the summary prints neither when dated after its date.
        build_events(tree, term, events, held_days[-1])
        build_records(tree, term, records)
        # A working group of the district following the ward and its cells.
        group = working_groups.save_working_group(
            term=term,
            owner=tree["tay_ho"],
            name="Tổ công tác số 1",
            leader_name="Trần Văn Bình",
            members=[],
            organizations=list(Organization.objects.in_subtree(tree["xuan_la"])),
            actor=None,
        )
        # The dates the data holds as plans: a congress's planned date is printed whatever the
        # date of the report.
        planned = set(
            Congress.objects.in_subtree(tree["tay_ho"]).values_list("planned_date", flat=True)
        )
        texts = [
            flat(pdf_text(report_services.build_pdf(report)))
            for report in (
                summary_job(rendering, tree["tay_ho"], day),
                rendering.job(tree["tay_ho"], ReportKind.COMMENDATIONS, as_of=day.isoformat()),
                rendering.job(
                    tree["tay_ho"],
                    ReportKind.CLASSIFICATION_SUMMARY,
                    year=2020,
                    as_of=day.isoformat(),
                ),
                rendering.job(
                    tree["tay_ho"], ReportKind.WORKING_GROUP, group=group.pk, as_of=day.isoformat()
                ),
            )
        ]
        transaction.set_rollback(True)

    assert day in shown_dates(texts[0])  # the summary's opening sentence names its date
    for text in texts:
        later = [shown for shown in shown_dates(text) if shown > day and shown not in planned]
        assert later == [], (day, later)


def status_on(task, day):
    """A task's status on `day` from its dates (documents.querysets, with_status_on)."""
    _set_on, started_on, done_on = task
    if done_on and done_on <= day:
        return TaskStatus.DONE
    if (started_on is None and done_on is None) or (started_on and started_on > day):
        return TaskStatus.TODO
    return TaskStatus.IN_PROGRESS


def expected_records(kept, day):
    """The summary's rows of directives, documents and tasks on `day`, from the dates alone."""
    directives = sorted(issued for issued in kept["directives"] if issued <= day)
    documents = {}
    for kind, rounds, approved_on in kept["documents"]:
        held = [held_on for held_on in rounds if held_on <= day]
        approved = approved_on is not None and approved_on <= day
        if held or approved:  # entered after the fact: there by its first dated event
            row = documents.setdefault(kind, [0, 0, 0, 0])
            row[0] += 1
            row[1] += len(held)
            row[3] += approved
    statuses = {}
    for task in kept["tasks"]:
        if task[0] <= day:
            status = status_on(task, day)
            statuses[status] = statuses.get(status, 0) + 1
    decided = [
        collective for decision, collective in kept["commendations"] if decision and decision <= day
    ]
    commended = (
        [
            [
                str(CommendationForm.CERTIFICATE.label),
                str(Reason.CONGRESS.label),
                sum(decided),
                decided.count(False),
            ]
        ]
        if decided
        else []
    )
    return (
        commended,
        [f"{issued:%d/%m/%Y}" for issued in directives],
        [[str(DocumentKind(kind).label), *row] for kind, row in sorted(documents.items())],
        [[str(TaskStatus(status).label), count] for status, count in sorted(statuses.items())],
    )


@SETTINGS
@given(
    ward=CELL,
    records=RECORDS,
    offsets=st.lists(st.integers(-40, 500), min_size=1, max_size=3),
)
def test_the_summary_counts_the_records_dated_by_its_date(tree, rendering, ward, records, offsets):
    term = Term.objects.get(name="2020–2025")
    days = sorted(START + datetime.timedelta(days=offset) for offset in offsets)
    with transaction.atomic():
        cache.clear()
        build_wave(tree, term, [], ward)
        kept = build_records(tree, term, records)
        with translation.override("vi"):
            contexts = [build_context(summary_job(rendering, tree["tay_ho"], day)) for day in days]
            expected = [expected_records(kept, day) for day in days]
        transaction.set_rollback(True)

    for day, context, (commended, directives, documents_rows, tasks) in zip(
        days, contexts, expected, strict=True
    ):
        sections = {section.heading: section for section in context["sections"]}
        shown = sections.get("Văn bản chỉ đạo")
        assert ([row[1] for row in shown.tables[0].rows] if shown else []) == directives, day
        section = sections["Văn kiện đại hội"]
        assert (
            [] if section.no_data else [list(row) for row in section.tables[0].rows]
        ) == documents_rows, day
        section = sections["Nhiệm vụ sau đại hội"]
        assert ([] if section.no_data else section.tables[0].rows) == tasks, day
        section = sections["Khen thưởng trong công tác đại hội"]
        rows = [] if section.no_data else section.tables[0].rows
        assert [[str(row[0]), str(row[1]), *row[2:]] for row in rows] == commended, day
