"""Issue 19, item 8: the congress summary lists the working groups (name, head, congresses
followed and held), the training sessions and the emulation campaigns (works and commendations)
as they stood on its date: a later session, campaign, work or commendation is absent, and the
queries do not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from congresses import services, working_groups
from congresses.choices import Stage
from congresses.models import Congress, Term
from recognition import services as recognition
from recognition.choices import CommendationForm, Reason, RecipientKind, WorkStatus
from reports.choices import ReportKind
from reports.kinds import build_context

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def term(db):
    return Term.objects.get(name="2020–2025")


def _campaign(tree, name, starts_on):
    return recognition.create_campaign(
        organizer=tree["tay_ho"], actor=None, name=name, starts_on=starts_on,
        ends_on=D(2020, 9, 30),
    )  # fmt: skip


@pytest.fixture
def wave(tree, term):
    """Tây Hồ's plan; a working group following Xuân La, whose congress is held on 05/03/2020;
    training on 10/02 and 10/04/2020; a campaign from 01/03/2020 with a work registered 02/03
    (completed 01/09) and one 01/06, a commendation decided 15/09; a campaign from 01/05."""
    xuan_la = tree["xuan_la"]
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    group = working_groups.save_working_group(
        term=term, owner=tree["tay_ho"], name="Tổ công tác số 1", leader_name="Nguyễn Văn An",
        members=[], organizations=[xuan_la], actor=None,
    )  # fmt: skip
    congress = Congress.objects.regular().get(organization=xuan_la, term=term)
    services.record_progress(
        congress=congress, actor=None, reported_on=D(2020, 3, 5), stage_reached=Stage.HELD
    )
    for day, audience, attendance in (
        (D(2020, 2, 10), "Bí thư chi bộ", 40),
        (D(2020, 4, 10), "Cấp ủy viên", 25),
    ):
        services.record_training(
            organization=xuan_la, term=term, actor=None, held_on=day, audience=audience,
            attendance=attendance,
        )  # fmt: skip
    campaign = _campaign(tree, "Thi đua 200 ngày", D(2020, 3, 1))
    first = recognition.register_work(
        campaign=campaign, organization=xuan_la, actor=None, title="Tuyến phố văn minh",
        registered_on=D(2020, 3, 2),
    )  # fmt: skip
    recognition.update_work(work=first, actor=None, expected_version=1,
                            status=WorkStatus.COMPLETED, progress=100,
                            completed_on=D(2020, 9, 1))  # fmt: skip
    recognition.register_work(campaign=campaign, organization=xuan_la, actor=None,
                              title="Vườn hoa", registered_on=D(2020, 6, 1))  # fmt: skip
    recognition.propose_commendation(
        granting=tree["tay_ho"], actor=None, form=CommendationForm.CERTIFICATE,
        recipient_kind=RecipientKind.COLLECTIVE, reason=Reason.EMULATION,
        recipient_organization=xuan_la, campaign=campaign, proposed_on=D(2020, 9, 10),
        decision_number="9-QĐ/QU", decision_date=D(2020, 9, 15),
    )  # fmt: skip
    _campaign(tree, "Thi đua chào mừng đại hội", D(2020, 5, 1))
    return {"group": group, "campaign": campaign}


def sections(rendering, organization, term, day, language="vi"):
    report = rendering.job(
        organization, ReportKind.CONGRESS_SUMMARY, language, term=term.name, as_of=day.isoformat()
    )
    with override(language):
        context = build_context(report)
    return {section.heading: section for section in context["sections"]}


def test_the_summary_lists_groups_training_and_campaigns_as_on_its_date(
    tree, term, wave, rendering
):
    before = sections(rendering, tree["tay_ho"], term, D(2020, 2, 20))
    march = sections(rendering, tree["tay_ho"], term, D(2020, 3, 20))
    september = sections(rendering, tree["tay_ho"], term, D(2020, 9, 20))

    # Name, head, congresses followed, held on the date.
    assert before["Tổ công tác"].tables[0].rows == [["Tổ công tác số 1", "Nguyễn Văn An", 1, 0]]
    assert march["Tổ công tác"].tables[0].rows == [["Tổ công tác số 1", "Nguyễn Văn An", 1, 1]]
    # The session of 10/04 is absent before it.
    (training,) = march["Tập huấn công tác đại hội"].tables
    # The unit holding the session is printed even when every row shares it (issue 19, item 6).
    assert [row[2:] for row in training.rows] == [["Đảng bộ quận Tây Hồ", "Bí thư chi bộ", 40]]
    assert march["Tập huấn công tác đại hội"].paragraphs == ["1 buổi tập huấn, 40 lượt người dự."]
    (training,) = september["Tập huấn công tác đại hội"].tables
    assert [row[3:] for row in training.rows] == [["Bí thư chi bộ", 40], ["Cấp ủy viên", 25]]
    # No campaign had begun on 20/02; on 20/03 one, its later work and commendation absent.
    assert "Các đợt thi đua" not in before
    (campaigns,) = march["Các đợt thi đua"].tables
    assert [[row[0], *row[3:]] for row in campaigns.rows] == [["Thi đua 200 ngày", 1, 0, 0]]
    assert campaigns.rows[0][2] == "—"  # not ended by then: its end date is not printed
    (campaigns,) = september["Các đợt thi đua"].tables
    assert [[row[0], *row[3:]] for row in campaigns.rows] == [
        ["Thi đua 200 ngày", 2, 1, 1],
        ["Thi đua chào mừng đại hội", 0, 0, 0],
    ]


def test_the_english_pdf_prints_the_new_sections(tree, term, wave, rendering):
    report = rendering.job(
        tree["tay_ho"], ReportKind.CONGRESS_SUMMARY, "en", term=term.name, as_of="2020-09-20"
    )
    text = rendering.text(report)
    for heading in ("Working groups", "Training on the congress work", "Emulation campaigns"):
        assert heading in text
    assert "Nguyễn Văn An" in text
    assert "Thi đua chào mừng đại hội" in text


def test_a_summary_without_them_has_no_such_sections(tree, term, rendering):
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    summary = sections(rendering, tree["tay_ho"], term, D(2020, 9, 20))
    assert "Tiến độ tổ chức đại hội" in summary
    for heading in ("Tổ công tác", "Tập huấn công tác đại hội", "Các đợt thi đua"):
        assert heading not in summary


def test_the_summary_queries_do_not_grow_with_the_rows(tree, term, wave, rendering):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            sections(rendering, tree["tay_ho"], term, D(2020, 9, 20))
        return len(captured)

    small = queries()
    for number in range(2, 5):
        working_groups.save_working_group(
            term=term, owner=tree["tay_ho"], name=f"Tổ công tác số {number}", leader_name="",
            members=[], organizations=[tree["xuan_la"]], actor=None,
        )  # fmt: skip
        services.record_training(
            organization=tree["xuan_la"], term=term, actor=None, held_on=D(2020, 5, number),
            audience="Đảng viên", attendance=number,
        )  # fmt: skip
        _campaign(tree, f"Đợt {number}", D(2020, 6, number))

    assert queries() == small
    summary = sections(rendering, tree["tay_ho"], term, D(2020, 9, 20))
    assert len(summary["Tổ công tác"].tables[0].rows) == 4
    assert len(summary["Các đợt thi đua"].tables[0].rows) == 5
