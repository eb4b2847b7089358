"""Issue 15, item 6: more than one congress per organization in a term — a cell's mid-term
congress (R-WV-10), the congress after a merger (R-OR-06), an extraordinary congress — each
counted apart from the wave of regular congresses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from congresses import dashboard, occasions, rulepacks, scheduling, services
from congresses.choices import CongressContent, CongressOccasion, RuleStatus, Stage
from congresses.models import Congress, Term, TermRule
from organizations import services as organization_services
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _count():
    return Congress.objects.count()


def _hold(congress, day):
    return services.record_progress(
        congress=congress, actor=None, reported_on=day, stage_reached=Stage.HELD
    ).congress


def _merged_after_held(wave):
    """The first cell held its congress, then the second merged into it: (congress, merger)."""
    first, second = wave["cells"]
    congress = _hold(wave["congresses"]["HN-TH-P07-CB1"], D(2020, 3, 5))
    organization_services.merge_organizations(
        predecessors=[second], successor=first, merged_on=D(2020, 4, 1), actor=None
    )
    congress.refresh_from_db()
    congress.organization.refresh_from_db()
    return congress


# The model and its constraints


def test_a_congress_planned_by_the_term_plan_is_regular_and_labelled_as_before(wave):
    congress = wave["congresses"]["HN-TH-P07-CB1"]

    assert (congress.occasion, congress.is_regular) == (CongressOccasion.REGULAR, True)
    assert str(congress) == f"{congress.organization} · {congress.term}"


def test_a_second_regular_congress_in_a_term_is_refused_by_the_database(wave):
    congress = wave["congresses"]["HN-TH-P07-CB1"]
    congress.pk = None

    with pytest.raises(IntegrityError), transaction.atomic():
        congress.save()


def test_extraordinary_congresses_may_repeat_in_a_term(wave, term):
    cell = wave["cells"][0]

    first = occasions.plan_extraordinary_congress(
        organization=cell, term=term, reason="Kiện toàn cấp ủy", actor=None
    )
    second = occasions.plan_extraordinary_congress(
        organization=cell, term=term, reason="Bầu bổ sung", actor=None
    )

    assert (first.ordinal, second.ordinal) == (2, 3)
    assert Congress.objects.filter(organization=cell, term=term).count() == 3
    with translation.override("en"):
        assert str(second) == f"{cell} · {term} · Extraordinary congress"


# Mid-term congresses of the cells (R-WV-10)


def test_a_grassroots_committee_plans_the_mid_term_congresses_of_its_cells(wave, term):
    planned = occasions.plan_mid_term_congresses(
        term=term, root=wave["tree"]["xuan_la"], actor=None
    )

    assert sorted(congress.organization.code for congress in planned) == [
        "HN-TH-P07-CB1",
        "HN-TH-P07-CB2",
    ]
    rows = Congress.objects.filter(occasion=CongressOccasion.MID_TERM).order_by("org_path")
    # 2020–2025: the midpoint 1/1/2023 (the seeded term), six months either side.
    start, end = occasions.mid_term_window(term)
    assert [(row.ordinal, row.window_start, row.window_end) for row in rows] == [
        (2, start, end),
        (2, start, end),
    ]
    midpoint = term.starts_on + (term.ends_on - term.starts_on) / 2
    assert (start, end) == (
        occasions.add_months(midpoint, -6),
        occasions.add_months(midpoint, 6),
    )
    assert AuditEvent.objects.filter(action="congress.mid_term_planned").count() == 1


def test_a_cell_plans_its_own_mid_term_congress_and_a_second_is_refused_naming_the_first(
    wave, term
):
    cell = wave["cells"][0]
    occasions.plan_mid_term_congresses(term=term, root=cell, actor=None)
    before = _count()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        occasions.plan_mid_term_congresses(term=term, root=cell, actor=None)

    assert refused.value.messages == [
        f"{cell} · {term} · Mid-term cell congress is already recorded (ordinal II): a "
        "second one is not planned."
    ]
    assert _count() == before


def test_mid_term_congresses_are_refused_above_no_cell_and_when_the_term_gives_one(wave, term):
    before = _count()

    with translation.override("en"), pytest.raises(ValidationError) as no_cell:
        occasions.plan_mid_term_congresses(term=term, root=wave["tree"]["long_bien"], actor=None)
    term.cell_congresses_per_term = 1
    term.save(update_fields=["cell_congresses_per_term"])
    with translation.override("en"), pytest.raises(ValidationError) as one_a_term:
        occasions.plan_mid_term_congresses(term=term, root=wave["tree"]["xuan_la"], actor=None)

    with translation.override("en"):
        rule = rulepacks.cite(term, "R-WV-10")
    assert rule == "R-WV-10, Party Charter 2011, Art. 24 cl. 3"
    assert no_cell.value.messages == [
        f"Only cells hold a mid-term congress ({rule}), and Đảng bộ quận Long Biên has none."
    ]
    assert one_a_term.value.messages == [
        f"Under the rules of the term {term} cells hold one congress a term: there is no "
        "mid-term congress to plan."
    ]
    assert _count() == before


def test_the_mid_term_window_keeps_the_last_day_of_a_short_month():
    assert occasions.add_months(D(2022, 8, 31), 6) == D(2023, 2, 28)
    assert occasions.add_months(D(2023, 8, 31), -6) == D(2023, 2, 28)
    assert occasions.add_months(D(2023, 1, 15), -13) == D(2021, 12, 15)


# The congress after a merger (R-OR-06, R-WV-13)


def test_the_merger_warning_asks_to_plan_the_merger_congress(wave):
    congress = _merged_after_held(wave)

    with translation.override("en"):
        warnings = services.congress_warnings(congress)
        # R-OR-06 itself: the rule book gives it no document of 2020–2025 (only the seeds), so
        # the pack cites its id alone (congresses 0015, 0017).
        rule = rulepacks.cite(congress.term, "R-OR-06")

    assert rule == "R-OR-06"
    assert "35-CT/TW" not in " ".join(warnings)  # not the level's deadline rule any more
    assert warnings == [
        f"{wave['cells'][1].name} merged into this organization on 01/04/2020, after this "
        "congress. A merged organization holds its congress right away: plan the congress "
        f"after the merger ({rule})."
    ]


def test_the_merger_congress_is_planned_with_two_contents_and_the_warning_goes(wave):
    congress = _merged_after_held(wave)

    planned = occasions.plan_merger_congress(congress=congress, actor=None)

    assert (planned.occasion, planned.content, planned.ordinal, planned.window_start) == (
        CongressOccasion.MERGER,
        CongressContent.TWO,
        2,
        D(2020, 4, 1),
    )
    assert services.congress_warnings(congress) == []
    assert AuditEvent.objects.filter(
        action="congress.merger_planned", target_id=str(planned.pk)
    ).exists()


def test_a_second_merger_congress_is_refused_and_nothing_is_written(wave):
    congress = _merged_after_held(wave)
    planned = occasions.plan_merger_congress(congress=congress, actor=None)
    before = _count()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        occasions.plan_merger_congress(congress=congress, actor=None)

    assert refused.value.messages == [
        f"{planned.organization} · {planned.term} · Congress after a merger is already recorded "
        "(ordinal II): a second one is not planned."
    ]
    assert _count() == before


def test_a_merger_congress_without_a_merger_after_the_congress_is_refused(wave):
    congress = _hold(wave["congresses"]["HN-TH-P07-CB1"], D(2020, 3, 5))
    before = _count()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        occasions.plan_merger_congress(congress=congress, actor=None)

    assert refused.value.messages == [
        "A congress after a merger is planned when another organization merged into this one "
        "after its term congress was held (R-OR-06)."
    ]
    assert _count() == before


def test_the_merger_refusal_cites_r_or_06_through_the_pack(wave):
    """Issue 15, item 4: R-OR-06 is in the pack (congresses 0015), unresolved and without a
    document (the rule book names 163-KL/TW, in no pack): the id alone until the admin gives
    it one, then the document and article with it."""
    congress = _hold(wave["congresses"]["HN-TH-P07-CB1"], D(2020, 3, 5))
    rule = TermRule.objects.get(term=congress.term, rule_id="R-OR-06")
    assert (rule.status, rule.document) == (RuleStatus.UNRESOLVED, None)
    rule.document = congress.term.documents.get(symbol="29-QĐ/TW")
    rule.article, rule.article_en = "mục 1", "item 1"
    rule.save()
    congress.term = Term.objects.get(pk=congress.term_id)  # the pack is read once per Term

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        occasions.plan_merger_congress(congress=congress, actor=None)

    assert "(R-OR-06, Regulation 29-QĐ/TW, item 1)" in refused.value.messages[0]


def test_an_extraordinary_congress_needs_a_reason(wave, term):
    before = _count()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        occasions.plan_extraordinary_congress(
            organization=wave["cells"][0], term=term, reason="  ", actor=None
        )

    assert refused.value.message_dict == {
        "reason": ["Give the reason for the extraordinary congress."]
    }
    assert _count() == before


# The wave counts the regular congresses, the other occasions apart


def test_the_wave_counts_regular_congresses_and_the_other_occasions_apart(wave, term):
    tay_ho = wave["tree"]["tay_ho"]
    as_of = D(2025, 1, 1)
    before = dashboard.wave_figures(organization=tay_ho, term=term, as_of=as_of)
    occasions.plan_mid_term_congresses(term=term, root=wave["tree"]["xuan_la"], actor=None)
    extra = occasions.plan_extraordinary_congress(
        organization=wave["cells"][0], term=term, reason="Kiện toàn", actor=None
    )
    Congress.objects.filter(pk=extra.pk).update(stage=Stage.HELD, held_on=D(2024, 5, 1))

    after = dashboard.wave_figures(organization=tay_ho, term=term, as_of=as_of)

    assert after["totals"] == before["totals"]
    assert after["by_level"] == before["by_level"]
    assert after["by_child"] == before["by_child"]
    assert before["other_occasions"] == []
    assert after["other_occasions"] == [
        {"occasion": "mid_term", "planned": 2, "held": 0},
        {"occasion": "extraordinary", "planned": 1, "held": 1},
    ]


def test_a_regular_congress_waits_for_the_regular_congresses_below_only(wave, term):
    occasions.plan_mid_term_congresses(term=term, root=wave["tree"]["xuan_la"], actor=None)
    for code in ("HN-TH-P07-CB1", "HN-TH-P07-CB2"):
        _hold(wave["congresses"][code], D(2020, 3, 5))

    assert list(services.unheld_below(wave["congresses"]["HN-TH-P07"])) == []


def test_the_term_plan_skips_organizations_with_a_regular_congress_only(wave, term):
    cell = OrganizationFactory(parent=wave["tree"]["xuan_la"])
    occasions.plan_extraordinary_congress(organization=cell, term=term, reason="X", actor=None)

    created = services.create_term_plan(term=term, root=wave["tree"]["tay_ho"], actor=None)

    assert created == 1
    assert Congress.objects.regular().filter(organization=cell, term=term).count() == 1
    # The extraordinary congress planned first was the cell's I: the term's congress is its II
    # (R-OR-07), not a second I.
    ordinals = Congress.objects.filter(organization=cell, term=term).order_by("ordinal")
    assert [(c.occasion, c.ordinal) for c in ordinals] == [
        (CongressOccasion.EXTRAORDINARY, 1),
        (CongressOccasion.REGULAR, 2),
    ]


def test_an_organization_that_ended_holds_no_extraordinary_congress(wave, term):
    cell = wave["cells"][0]
    cell.valid_to = D(2020, 4, 1)
    cell.save(update_fields=["valid_to"])
    before = _count()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        occasions.plan_extraordinary_congress(organization=cell, term=term, reason="X", actor=None)

    assert refused.value.messages == [
        f"{cell.name} ended on 01/04/2020: it holds no more congresses."
    ]
    assert _count() == before


# The pages


def _staff(client, wave):
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))


def test_staff_plan_the_mid_term_congresses_after_confirming(client, wave, term):
    _staff(client, wave)
    url = reverse("congresses:mid-term-plan", args=[wave["tree"]["xuan_la"].pk])

    page = client.get(url, {"term": term.pk})
    assert Congress.objects.filter(occasion=CongressOccasion.MID_TERM).count() == 0
    response = client.post(f"{url}?term={term.pk}")

    assert page.context["count"] == 2
    # R-WV-10 with its source: the Charter's article, from the term's pack
    with translation.override("vi"):
        rule = rulepacks.cite(term, "R-WV-10")
    assert "Điều lệ" in rule
    assert "khoản 3 Điều 24" in rule
    assert rule in page.content.decode()
    assert response.status_code == 302
    assert Congress.objects.filter(occasion=CongressOccasion.MID_TERM).count() == 2


def test_a_refused_mid_term_plan_says_why_and_writes_nothing(client, wave, term):
    _staff(client, wave)
    without_cells = OrganizationFactory(parent=wave["tree"]["tay_ho"], name="Đảng bộ phường Bưởi")
    url = reverse("congresses:mid-term-plan", args=[without_cells.pk])
    before = _count()

    response = client.post(f"{url}?term={term.pk}", follow=True)

    with translation.override("vi"):
        rule = rulepacks.cite(term, "R-WV-10")
    assert [str(message) for message in response.context["messages"]] == [
        f"Chỉ chi bộ mới tổ chức đại hội giữa nhiệm kỳ ({rule}), mà Đảng bộ phường Bưởi "
        "không có chi bộ nào."
    ]
    assert _count() == before


def test_the_congress_page_links_to_the_merger_congress_and_plans_it(client, wave):
    congress = _merged_after_held(wave)
    _staff(client, wave)

    page = client.get(reverse("congresses:congress-detail", args=[congress.pk]))
    confirm = client.get(reverse("congresses:merger-congress-plan", args=[congress.pk]))
    response = client.post(reverse("congresses:merger-congress-plan", args=[congress.pk]))

    planned = Congress.objects.get(occasion=CongressOccasion.MERGER)
    assert page.context["merger_due"].merged_on == D(2020, 4, 1)
    assert confirm.context["merger"] == page.context["merger_due"]
    with translation.override("vi"):  # the appointed committee's rule, with its source
        contents_rule = rulepacks.cite(congress.term, "R-WV-13")
    assert str(rulepacks.pack(congress.term)["R-WV-13"].document.symbol) in contents_rule
    assert contents_rule in confirm.content.decode()
    assert response["Location"] == reverse("congresses:congress-detail", args=[planned.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Đại hội sau hợp nhất" in detail


def test_an_extraordinary_congress_is_planned_after_confirming_its_reason(client, wave, term):
    _staff(client, wave)
    cell = wave["cells"][0]
    url = f"{reverse('congresses:extraordinary-create', args=[cell.pk])}?term={term.pk}"

    asked = client.post(url, {"reason": "Kiện toàn cấp ủy"})
    assert Congress.objects.filter(occasion=CongressOccasion.EXTRAORDINARY).count() == 0
    response = client.post(url, {"reason": "Kiện toàn cấp ủy", "confirmed": "on"})

    planned = Congress.objects.get(occasion=CongressOccasion.EXTRAORDINARY)
    assert asked.context["confirming"] is True
    assert response["Location"] == reverse("congresses:congress-detail", args=[planned.pk])
    assert (planned.occasion_reason, planned.organization) == ("Kiện toàn cấp ủy", cell)


def test_the_occasion_pages_are_404_out_of_scope_and_403_read_only(client, wave, term):
    congress = _merged_after_held(wave)
    urls = [
        reverse("congresses:mid-term-plan", args=[wave["tree"]["xuan_la"].pk]),
        reverse("congresses:extraordinary-create", args=[wave["tree"]["xuan_la"].pk]),
        reverse("congresses:merger-congress-plan", args=[congress.pk]),
    ]
    before = _count()

    client.force_login(UserFactory(scope=wave["tree"]["long_bien"], role="staff"))
    outside = [client.post(url, {"reason": "x", "confirmed": "on"}).status_code for url in urls]
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="leader"))
    read_only = [client.post(url, {"reason": "x", "confirmed": "on"}).status_code for url in urls]

    assert (outside, read_only) == ([404, 404, 404], [403, 403, 403])
    assert _count() == before


@pytest.mark.parametrize("extra", [0, 3])
def test_congress_list_with_other_occasions_query_count_is_constant(
    client, wave, term, extra, django_assert_num_queries
):
    occasions.plan_mid_term_congresses(term=term, root=wave["tree"]["xuan_la"], actor=None)
    for number in range(extra):
        occasions.plan_extraordinary_congress(
            organization=wave["cells"][0], term=term, reason=f"Lý do {number}", actor=None
        )
    _staff(client, wave)
    url = reverse("congresses:congress-list", args=[wave["tree"]["tay_ho"].pk])

    # session, user, grants, organization, current term, terms (filter), count of plan,
    # page count, page
    with django_assert_num_queries(9):
        response = client.get(url)

    assert response.context["page"].paginator.count == 4 + 2 + extra
    assert response.content.decode().count("occasion-badge") == 2 + extra


@pytest.mark.parametrize("cells", [1, 4])
def test_mid_term_confirmation_query_count_is_constant(
    client, wave, term, cells, django_assert_num_queries
):
    OrganizationFactory.create_batch(cells, parent=wave["tree"]["xuan_la"])
    services.create_term_plan(term=term, root=wave["tree"]["tay_ho"], actor=None)
    _staff(client, wave)
    url = reverse("congresses:mid-term-plan", args=[wave["tree"]["xuan_la"].pk])

    # session, user, grants, organization, term, the cells counted (one query with its
    # subqueries), the term's pack (R-WV-10 cited), the session saved (the term remembered),
    # and the layout's
    with django_assert_num_queries(10):
        response = client.get(url, {"term": term.pk})

    assert response.context["count"] == 2 + cells


def test_the_dossier_says_which_congress_of_the_term_it_is(wave, term):
    from reports.kinds.congress_dossier import _congress_section

    planned = occasions.plan_extraordinary_congress(
        organization=wave["cells"][0], term=term, reason="Kiện toàn cấp ủy", actor=None
    )
    planned.stage_on = planned.stage
    regular = wave["congresses"]["HN-TH-P07-CB1"]
    regular.stage_on = regular.stage

    with translation.override("en"):
        extraordinary_lines = _congress_section(planned, D(2025, 1, 1)).paragraphs
        regular_lines = _congress_section(regular, D(2025, 1, 1)).paragraphs

    assert extraordinary_lines[-1] == "Extraordinary congress · Kiện toàn cấp ủy"
    assert len(regular_lines) == len(extraordinary_lines) - 1


def test_the_dashboard_shows_the_other_congresses_apart(client, wave, term):
    occasions.plan_mid_term_congresses(term=term, root=wave["tree"]["xuan_la"], actor=None)
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="leader"))

    response = client.get(
        reverse("congresses:wave-dashboard", args=[wave["tree"]["tay_ho"].pk]),
        {"term": term.pk, "as_of": "01/01/2025"},
    )

    assert response.context["totals"]["planned"] == 4
    assert [
        (str(row["label"]), row["planned"], row["held"])
        for row in response.context["other_occasions"]
    ] == [("Đại hội chi bộ giữa nhiệm kỳ", 2, 0)]
    assert 'id="other-occasions"' in response.content.decode()


def test_the_pilot_order_of_the_wave_does_not_hold_back_the_other_occasions(wave, term):
    congresses = wave["congresses"]
    Congress.objects.filter(pk=congresses["HN-TH-P07-CB2"].pk).update(
        is_pilot=True, planned_date=D(2020, 3, 10)
    )
    Congress.objects.filter(pk=congresses["HN-TH-P07-CB1"].pk).update(planned_date=D(2020, 3, 1))
    extraordinary = occasions.plan_extraordinary_congress(
        organization=wave["cells"][0], term=term, reason="Kiện toàn", actor=None
    )
    Congress.objects.filter(pk=extraordinary.pk).update(planned_date=D(2020, 3, 1))
    regular = Congress.objects.select_related("organization").get(pk=congresses["HN-TH-P07-CB1"].pk)
    extraordinary.refresh_from_db()

    with translation.override("en"):
        regular_warnings = services.congress_warnings(regular)
        other_warnings = services.congress_warnings(extraordinary)

    # Both cells: the level's deadline rule, R-WV-01 with its source.
    overdue = (
        "Overdue: the planned date has passed and the congress is not held (R-WV-01, "
        "Directive 35-CT/TW)."
    )
    assert len(regular_warnings) == 2
    assert regular_warnings[1] == overdue
    assert other_warnings == [overdue]


# The window of the mid-term congress warns citing R-WV-10 (congresses 0010)


def _mid_term(wave, term, planned_date):
    (congress, *_rest) = occasions.plan_mid_term_congresses(
        term=term, root=wave["cells"][0], actor=None
    )
    congress = Congress.objects.select_related("term", "organization").get(pk=congress.pk)
    congress.planned_date = planned_date
    return congress


def _window(congress):
    return f"{congress.window_start:%d/%m/%Y}–{congress.window_end:%d/%m/%Y}"


def test_a_mid_term_congress_after_its_window_warns_citing_r_wv_10(wave, term):
    start, end = occasions.mid_term_window(term)
    congress = _mid_term(wave, term, end + datetime.timedelta(days=1))

    with translation.override("en"):
        warnings = services.congress_warnings(congress)

    assert warnings[0] == (
        "The planned date is after the window of the cells' mid-term congress "
        f"({_window(congress)}; R-WV-10, Party Charter 2011, Art. 24 cl. 3)."
    )
    assert not any("deadline of its level" in warning for warning in warnings)
    assert (congress.window_start, congress.window_end) == (start, end)


def test_a_mid_term_congress_before_its_window_warns_too(wave, term):
    start, _end = occasions.mid_term_window(term)
    congress = _mid_term(wave, term, start - datetime.timedelta(days=1))

    with translation.override("vi"):
        warnings = services.congress_warnings(congress)

    assert warnings[0] == (
        "Ngày dự kiến sớm hơn khoảng thời gian của đại hội chi bộ giữa nhiệm kỳ "
        f"({_window(congress)}; R-WV-10, Điều lệ Đảng 2011, khoản 3 Điều 24)."
    )


def test_a_mid_term_congress_within_its_window_has_no_window_warning(wave, term):
    start, end = occasions.mid_term_window(term)
    congress = _mid_term(wave, term, start)
    # A day after the deadline of the cells' level is no matter for the mid-term congress.
    assert congress.planned_date > wave["congresses"]["HN-TH-P07-CB1"].window_end

    for day in (start, end):
        congress.planned_date = day
        with translation.override("en"):
            assert [w for w in services.congress_warnings(congress) if "window" in w] == []


def test_the_schedule_grid_warns_a_mid_term_date_citing_r_wv_10(wave, term):
    start, _end = occasions.mid_term_window(term)
    congress = _mid_term(wave, term, None)
    day = start - datetime.timedelta(days=1)

    with translation.override("en"):
        warning = scheduling.window_warning(congress, day, scheduling.level_windows(term), term)

    assert warning == (
        f"{day:%d/%m/%Y} lies outside the window of the cells' mid-term congress "
        f"({_window(congress)}; R-WV-10, Party Charter 2011, Art. 24 cl. 3)."
    )


# Issue 15, Deliver 2: R-OR-05 at planning; R-WV-13's three contents on a unit not merged


def test_an_extraordinary_congress_of_a_kind_ended_in_the_term_is_refused(wave):
    """Tây Hồ is a district committee, a kind that ended on 30/06/2025: no extraordinary
    congress in 2025–2030 (refused at planning, not only once a date is entered)."""
    later = Term.objects.get(name="2025–2030")
    tay_ho = wave["tree"]["tay_ho"]
    count = _count()

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        occasions.plan_extraordinary_congress(
            organization=tay_ho, term=later, reason="Kiện toàn cấp ủy", actor=None
        )

    message = raised.value.messages[0]
    assert "it holds no congress in the term 2025–2030" in message
    assert "R-OR-05" in message
    assert _count() == count
    assert not AuditEvent.objects.filter(action="congress.extraordinary_planned").exists()


def test_the_extraordinary_page_refuses_a_kind_ended_keeping_the_reason(client, wave):
    _staff(client, wave)
    later = Term.objects.get(name="2025–2030")
    tay_ho = wave["tree"]["tay_ho"]
    url = f"{reverse('congresses:extraordinary-create', args=[tay_ho.pk])}?term={later.pk}"
    count = _count()

    response = client.post(url, {"reason": "Kiện toàn cấp ủy", "confirmed": "on"})

    form = response.context["form"]
    assert form["reason"].value() == "Kiện toàn cấp ủy"
    assert "không tổ chức đại hội trong nhiệm kỳ 2025–2030" in form.non_field_errors()[0]
    assert _count() == count


def test_three_contents_on_a_unit_not_merged_warns_citing_r_wv_13(wave):
    later = Term.objects.get(name="2025–2030")
    ward = wave["tree"]["xuan_la"]
    services.create_term_plan(term=later, root=ward, actor=None, subtree=False)
    congress = Congress.objects.get(organization=ward, term=later)
    assert not any("R-WV-13" in str(w) for w in services.congress_warnings(congress))

    congress = services.update_congress(
        congress=congress,
        actor=None,
        expected_version=congress.version,
        content=CongressContent.THREE,
    )

    with translation.override("en"):
        warnings = [str(warning) for warning in services.congress_warnings(congress)]
    assert [w for w in warnings if "R-WV-13" in w] == [
        w for w in warnings if w.startswith(f"{ward.name} has not been merged")
    ]
    assert any(w.startswith(f"{ward.name} has not been merged") for w in warnings)
