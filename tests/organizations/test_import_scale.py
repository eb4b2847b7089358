"""Issue 20, city-scale imports: the column-at-a-time reading and the staged queries give what
the cell-by-cell reading and the IN lists gave (docs/benchmarks.md has the figures)."""

import datetime
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from core import bulk
from core.text import normalize_text, normalize_texts, search_key, search_keys
from organizations import import_jobs, querysets, xlsx_checks
from organizations.models import Member
from organizations.spreadsheets import planning
from organizations.spreadsheets.reading import CellValues
from tests.factories import MemberFactory, OrganizationFactory, UserFactory
from tests.organizations.test_spreadsheets import errors, member_row, run, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


TEXTS = [
    "Lê Thị Mai",
    "  Le\u00a0 Thi\tMai ",
    "Nguyê\u0303n Văn\u200b Hòa",  # decomposed tilde, a zero-width space
    "\u0301starts with a mark",
    "Hoà",
    "ĐẶNG Ưu",
    "Straße",
    "",
    "x" * 300,
]


def test_a_column_cleaned_at_once_gives_what_each_cell_gives():
    assert normalize_texts(TEXTS) == [normalize_text(text) for text in TEXTS]
    cleaned = [normalize_text(text) for text in TEXTS]
    assert search_keys(cleaned) == [search_key(text) for text in cleaned]
    assert normalize_texts([]) == search_keys([]) == []


def test_a_rows_cells_read_by_field():
    cells = CellValues(("DV1", None, 3), {"code": 0, "full_name": 1, "gender": 2})

    assert (cells.get("code"), cells.get("full_name"), cells.get("nothing", "-")) == (
        "DV1",
        None,
        "-",
    )
    assert "code" in cells
    assert "full_name" not in cells
    assert cells["gender"] == 3
    with pytest.raises(KeyError):
        cells["full_name"]
    assert dict(cells.items()) == {"code": "DV1", "gender": 3}
    assert bool(CellValues((None, None), {"code": 0, "gender": 1})) is False


@pytest.fixture
def cell(tree):
    return OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"])


def test_a_bad_value_in_many_rows_is_reported_in_each_and_good_ones_once_read(cell):
    rows = [member_row(f"DV{number:03d}", "HN-TH-P07-CB1") for number in range(6)]
    rows[1][2] = rows[4][2] = "Khác"  # gender
    rows[2][1] = "Lê\u202eThị"  # a bidi control in one name among good ones
    rows[3][3] = rows[5][3] = "31/02/1980"  # birth date
    rows[5][0] = "DV" + "9" * 50  # a code too long

    plan = run(xlsx(members=rows))

    assert errors(plan) == [
        "Sheet Đảng viên, row 3, column Giới tính: Write Nam or Nữ, not Khác.",
        "Sheet Đảng viên, row 4, column Họ và tên: Họ và tên holds a text-direction control "
        "character (U+202E), which is not allowed: it makes text display otherwise than it is "
        "stored.",
        "Sheet Đảng viên, row 5, column Ngày sinh: 31/02/1980 is not a valid date.",
        "Sheet Đảng viên, row 6, column Giới tính: Write Nam or Nữ, not Khác.",
        "Sheet Đảng viên, row 7, column Mã: At most 40 characters (this has 52).",
        "Sheet Đảng viên, row 7, column Ngày sinh: 31/02/1980 is not a valid date.",
    ]
    assert not Member.objects.filter(code__startswith="DV").exists()


def test_one_and_true_in_a_column_are_read_each_as_itself(cell):
    rows = [member_row("DV001", "HN-TH-P07-CB1"), member_row("DV002", "HN-TH-P07-CB1")]
    rows[0][4], rows[1][4] = 1, True  # ethnicity: a number reads as text, TRUE is refused

    plan = run(xlsx(members=rows), dry_run=True)

    assert errors(plan) == [
        "Sheet Đảng viên, row 3, column Dân tộc: Enter text here, not TRUE or FALSE."
    ]


@pytest.fixture
def staged(monkeypatch):
    """Every query by many values staged in a temporary table, as on PostgreSQL for a city's
    file (here SQLite's temporary tables, filled with executemany)."""
    monkeypatch.setattr(bulk, "stages_in_bulk", lambda: True)
    monkeypatch.setattr(querysets, "STAGE_FROM", 0)
    monkeypatch.setattr(planning, "STAGE_FROM", 0)


def test_staged_queries_find_the_members_and_duplicates_in_lists_find(tree, cell, staged):
    MemberFactory(
        organization=cell,
        code="DV-OLD",
        full_name="Lê Thị Mai",
        birth_date=datetime.date(1980, 4, 3),
    )
    MemberFactory(organization=cell, code="DV002", full_name="Trần Văn Nam")
    data = xlsx(
        members=[
            member_row("DV001", "HN-TH-P07-CB1", full_name="Le Thi Mai"),
            member_row("DV002", "HN-TH-P07-CB1", full_name="Trần Văn Nam Sơn"),
        ]
    )

    plan = run(data)

    assert errors(plan) == []
    assert plan.possible_duplicates == [(2, "DV001", ["Lê Thị Mai (DV-OLD, Chi bộ 1)"])]
    assert plan.counts["members"] == {"created": 1, "updated": 1, "unchanged": 0}
    changed = Member.objects.get(code="DV002")
    assert (changed.full_name, changed.name_key, changed.version) == (
        "Trần Văn Nam Sơn",
        "tran van nam son",
        2,
    )
    assert run(data).counts["members"] == {"created": 0, "updated": 0, "unchanged": 2}


# --- Two imports of overlapping subtrees at once (PostgreSQL's advisory locks) -------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks of PostgreSQL")
def test_two_imports_of_overlapping_subtrees_at_once_apply_one_after_the_other(tree):
    """Two threads, each its own connection and transaction, import at the same instant: one
    into a cell, one into that cell and its sibling (the ward above both). The second to
    take the locks waits until the first has committed: their applies never interleave."""
    first = OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])
    OrganizationFactory(code="HN-TH-P07-CB2", parent=tree["xuan_la"])
    files = {
        "cell": xlsx(members=[member_row(f"DV-A{n}", first.code) for n in range(3)]),
        "ward": xlsx(
            members=[member_row(f"DV-B{n}", f"HN-TH-P07-CB{1 + n % 2}") for n in range(4)]
        ),
    }
    barrier = threading.Barrier(2)
    events, failures = [], []

    def hold_and_linger(name, plan):
        import_jobs.refuse_when_busy(plan)  # the synchronous import's advisory locks
        events.append(("locked", name))
        time.sleep(0.5)  # still inside the transaction: the other must not get in now
        transaction.on_commit(lambda: events.append(("committed", name)))

    def importer(name):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            plan = run(files[name], before_apply=lambda plan: hold_and_linger(name, plan))
            if not plan.applied:
                failures.append(errors(plan))
        except Exception as error:
            failures.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=importer, args=(name,)) for name in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    (_locked, one), *rest = events
    other = "ward" if one == "cell" else "cell"
    assert rest == [("committed", one), ("locked", other), ("committed", other)]
    assert Member.objects.filter(code__startswith="DV-").count() == 7


@pytest.mark.parametrize(
    "block",
    [
        b'<c r="A2" t="s"><v>1</v></c><c r="B2"><v>3</v></c>',
        b'<c r="A2"><f>SUM(B1:B9)</f><v>3</v></c>',
        b'<x:c r="A2"><x:f t="shared" si="0"/><x:v>3</x:v></x:c>',
        b"<c r=\"A2\" t = 'e'><v>#N/A</v></c>",
        b'<c r="A2" t="e"><v>#DIV/0!</v></c>',
        b'<c r="A2" t="inlineStr"><is><t>"e" &amp; <font/></t></is></c>',
    ],
)
def test_the_scans_quick_test_for_formulas_answers_as_its_expression(block):
    assert xlsx_checks._formula_or_error(block) is bool(xlsx_checks._FORMULA_OR_ERROR.search(block))


def test_a_member_code_is_unique_in_the_database(cell):
    values = Member.objects.filter(pk=MemberFactory(organization=cell).pk).values().get()
    del values["id"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.bulk_create([Member(**values)])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Django's _like twins: PostgreSQL")
def test_no_member_index_serves_only_prefix_searches():
    """No query filters members by a prefix: no varchar_pattern_ops twin for each new member
    to go through (organizations 0014; docs/benchmarks.md, "Redundant indexes")."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            [Member._meta.db_table],
        )
        indexes = dict(cursor.fetchall())
    assert not {name for name, definition in indexes.items() if "pattern_ops" in definition}
    assert "member_name_key" in indexes
    assert "member_code_unique" in indexes


# --- The new members' change log, computed by the database; writes alongside ------------------


def test_an_imported_members_audit_row_holds_what_create_member_records(tree, cell):
    from audit.models import AuditEvent
    from organizations import services

    staff = UserFactory(scope=tree["tay_ho"], role="staff")

    services.create_member(
        code="DV-ONE",
        actor=staff,
        full_name="Lê Thị Mai",
        gender="female",
        birth_date=datetime.date(1980, 4, 3),
        ethnicity="Kinh",
        organization=cell,
        admitted_on=datetime.date(2005, 4, 13),
        official_on=datetime.date(2006, 4, 13),
    )
    long_name = "Lê Thị Mai " + "x" * 244  # 255 characters: "(DV-TWO)" is cut off the target
    plan = run(xlsx(members=[member_row("DV-TWO", cell.code, full_name=long_name)]), user=staff)
    assert plan.applied, errors(plan)

    def logged(code):
        member = Member.objects.get(code=code)
        event = AuditEvent.objects.get(action="member.created", target_id=str(member.pk))
        return member, event

    _one, by_hand = logged("DV-ONE")
    two, imported = logged("DV-TWO")
    shown = ("actor_id", "target_type", "organization_path")
    assert [getattr(imported, name) for name in shown] == [getattr(by_hand, name) for name in shown]
    assert imported.target_repr == str(two)[:255]
    assert len(imported.target_repr) == 255
    # create_member records a left_on it was not given as "" on PostgreSQL; the bulk path
    # (before and after its change log moved into the database) as null.
    same = {name: value for name, value in by_hand.data.items() if name != "left_on"}
    assert {**same, "full_name": two.full_name, "left_on": None} == imported.data
    assert imported.data == {
        "full_name": two.full_name,
        "gender": "female",
        "birth_date": "1980-04-03",
        "ethnicity": "Kinh",
        "admitted_on": "2005-04-13",
        "official_on": "2006-04-13",
        "organization": cell.pk,
        "education": "",
        "qualification": "",
        "political_theory": "",
        "left_on": None,
    }


def test_statements_left_running_raise_their_error_as_django_does(cell):
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.Overlap() as overlap:
        overlap.run([(f"INSERT INTO {Member._meta.db_table} (code) VALUES (%s)", ("DV-X",))])
    assert not Member.objects.filter(code="DV-X").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deferred checks: PostgreSQL")
def test_a_batchs_foreign_keys_are_checked_alongside_and_refuse_the_import(cell):
    """The deferred foreign-key checks of a batch run on the Overlap: a row naming a missing
    organization is refused there, and nothing of the transaction stays."""
    from organizations import services
    from organizations.models import Organization

    gone = Organization(pk=cell.pk + 10_000, path=cell.path, code="GONE")
    values = {"full_name": "Lê Thị Mai", "gender": "female", "ethnicity": "Kinh",
              "birth_date": datetime.date(1980, 4, 3),
              "admitted_on": datetime.date(2005, 4, 13)}  # fmt: skip

    def write():
        with transaction.atomic(), bulk.Overlap() as overlap:
            services.create_members_bulk(
                members=[("DV-Y", {**values, "organization": gone})], actor=None, overlap=overlap
            )
            overlap.wait()

    with pytest.raises(IntegrityError):
        write()
    assert not Member.objects.filter(code="DV-Y").exists()


def test_the_cyclic_collector_is_off_during_an_import_and_as_it_was_after(cell):
    import gc

    from organizations.spreadsheets import applying

    seen = []
    data = xlsx(members=[member_row("DV-GC", cell.code)])
    assert gc.isenabled()
    plan = applying.import_workbook(
        source=data, user=None, before_apply=lambda plan: seen.append(gc.isenabled())
    )
    assert (plan.applied, seen, gc.isenabled()) == (True, [False], True)
    gc.disable()
    try:
        with bulk.cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # it was off: left off
    finally:
        gc.enable()


def test_rows_narrowed_by_one_list_parameter_are_those_of_an_in_list(cell):
    codes = [MemberFactory(organization=cell, code=f"DV-L{n}").code for n in range(3)]
    wanted = [codes[0], codes[2], "DV-NONE"]
    narrowed = bulk.any_of(Member.objects.all(), "code", wanted)
    assert sorted(narrowed.values_list("code", flat=True)) == [codes[0], codes[2]]
    assert not bulk.any_of(Member.objects.all(), "code", []).exists()
