"""Rules warnings and refusals cite that the packs did not hold yet (issue 15, item 4: "every
warning and refusal names its rule id and source document and article"), with the source the
rule book (docs/domain-rules.md) gives them:

* R-EL-11, a nominee from outside the convening committee's list needs more than 30 % of those
  present: 190-QĐ/TW Art. 14 [C: S5] (2025–2030); 2020–2025 244-QĐ/TW, the article not read.
* R-EL-13, members of the convening committee nominate and stand only on its list: 244-QĐ/TW
  Art. 13 [C: S15] (2020–2025); 2025–2030 190-QĐ/TW, the article not read (190 "basically
  keeps" 244) [I].
* R-EL-19, the counts of the minutes reconcile [I — arithmetic]: the election regulation of the
  term, no article.
* R-WV-06, committee size, and R-WV-07, the age structure (under 40 at least 10 %): Chỉ thị
  35-CT/TW [C: S18] (2020–2025), the item not read; R-WV-07 names the youth settings the slate
  checks. 2025–2030: Chỉ thị 45-CT/TW, not read for either [I]/[U] (R-WV-16 holds the 2025
  youth target, R-WV-17 the merged provinces' committee sizes).
* R-OR-01, a grassroots organization needs at least 3 official members (a grassroots cell
  below 30, a committee from 30), and R-OR-02, fewer than 3 are attached elsewhere: the Party
  Charter, Art. 21 [C: S48], both terms.

R-OR-06 (a merged organization holds its congress right away), seeded by 0015 without a source,
gets in 2025–2030 the document the rule book gives for it, Kết luận 163-KL/TW of 6/6/2025
[C: S30] (added to that term's documents), its article not read; 2020–2025 keeps none (the rule
book gives only the seeds for that term). A rule edited in the admin since is left as it is.

The rule book has no section for ballots (A4) or organizations (E) among the pack's sections:
R-EL-19 is filed with the count (A5), R-OR-01/02 with R-OR-05/06 (B). An empty article is one
the rule book does not give (to fill in from the document, in the admin). A rule already in a
pack (entered in the admin) is kept; the reverse step deletes only the rules as seeded here.
"""

import datetime

from django.db import migrations

ARTICLE_UNVERIFIED = "Điều khoản chưa đối chiếu với văn bản gốc; điền trong trang quản trị."

STATEMENTS = {
    "R-EL-11": (
        "A3",
        "Danh sách của cấp ủy triệu tập là danh sách đề cử chính thức; người tự ứng cử hoặc được "
        "đề cử tại đại hội ngoài danh sách đó phải đủ tiêu chuẩn và được trên 30 % số đại biểu "
        "(đảng viên) có mặt đồng ý.",
        "The convening committee's list is the official nomination list; a self-nominee or a "
        "person nominated from the floor must meet the standards and have the agreement of "
        "more than 30 % of those present.",
    ),
    "R-EL-13": (
        "A3",
        "Ủy viên cấp ủy triệu tập không được đề cử người ngoài danh sách của cấp ủy, không ứng "
        "cử nếu không có tên trong danh sách đó.",
        "Members of the convening committee may not nominate anyone outside its list, nor "
        "stand if not on it.",
    ),
    "R-EL-19": (
        "A5",
        "Các số của biên bản kiểm phiếu phải khớp: phiếu thu vào ≤ phiếu phát ra; hợp lệ + "
        "không hợp lệ = thu vào; số phiếu bầu mỗi người ≤ số phiếu hợp lệ; mỗi phiếu hợp lệ "
        "để lại không quá số người cần bầu.",
        "The counts of the minutes reconcile: returned ≤ issued; valid + invalid = returned; "
        "each candidate's votes ≤ valid ballots; a valid ballot keeps at most as many names as "
        "there are seats.",
    ),
    "R-WV-06": (
        "B",
        "Số lượng cấp ủy cấp tỉnh, cấp huyện giảm khoảng 5 % so với mức tối đa nhiệm kỳ trước; "
        "cấp cơ sở cơ bản như nhiệm kỳ trước, do cấp có thẩm quyền quyết định.",
        "Provincial and district committees about 5 % smaller than the previous term's "
        "maximum; grassroots committees about the same, decided by the competent level.",
    ),
    "R-WV-07": (
        "B",
        "Cơ cấu tuổi của cấp ủy, ban thường vụ: dưới 40 tuổi từ 10 %, 40–50 tuổi khoảng 40–50 %, "
        "còn lại trên 50 tuổi; cấp xã do ban thường vụ tỉnh ủy quy định.",
        "Age structure of committees and standing committees: under 40 at least 10 %, 40–50 "
        "about 40–50 %, the rest over 50; communes set by the provincial standing committee.",
    ),
    "R-OR-01": (
        "B",
        "Tổ chức cơ sở đảng có từ 3 đảng viên chính thức; dưới 30 đảng viên lập chi bộ cơ sở, "
        "từ 30 đảng viên lập đảng bộ cơ sở có các chi bộ trực thuộc.",
        "A grassroots organization has at least 3 official members: a grassroots cell below "
        "30 members, a grassroots committee with cells from 30.",
    ),
    "R-OR-02": (
        "B",
        "Chưa đủ 3 đảng viên chính thức thì cấp ủy cấp trên giới thiệu đảng viên sinh hoạt ở tổ "
        "chức cơ sở đảng thích hợp.",
        "Fewer than 3 official members: the members are attached to a suitable organization "
        "instead of forming one.",
    ),
}

# term: rule id → (document symbol, article, article in English, status, note, term fields)
SOURCES = {
    "2020–2025": {
        "R-EL-11": ("244-QĐ/TW", "", "", "confirmed", ARTICLE_UNVERIFIED, []),
        "R-EL-13": ("244-QĐ/TW", "Điều 13", "Art. 13", "confirmed", "", []),
        "R-EL-19": (
            "244-QĐ/TW",
            "",
            "",
            "inferred",
            "Tính nhất quán số học của biên bản kiểm phiếu [I]. " + ARTICLE_UNVERIFIED,
            [],
        ),
        "R-WV-06": ("35-CT/TW", "", "", "confirmed", ARTICLE_UNVERIFIED, []),
        "R-WV-07": (
            "35-CT/TW",
            "",
            "",
            "confirmed",
            "Chỉ tiêu trẻ của cấu trúc tuổi (dưới 40 tuổi, từ 10 %). " + ARTICLE_UNVERIFIED,
            ["youth_target_percent", "youth_age_limit"],
        ),
        "R-OR-01": ("2011", "Điều 21", "Art. 21", "confirmed", "", []),
        "R-OR-02": ("2011", "Điều 21", "Art. 21", "confirmed", "", []),
    },
    "2025–2030": {
        "R-EL-11": ("190-QĐ/TW", "Điều 14", "Art. 14", "confirmed", "", []),
        "R-EL-13": (
            "190-QĐ/TW",
            "",
            "",
            "inferred",
            "Nguồn đã đọc là 244-QĐ/TW Điều 13; 190-QĐ/TW cơ bản giữ quy định. "
            + ARTICLE_UNVERIFIED,
            [],
        ),
        "R-EL-19": (
            "190-QĐ/TW",
            "",
            "",
            "inferred",
            "Tính nhất quán số học của biên bản kiểm phiếu [I]. " + ARTICLE_UNVERIFIED,
            [],
        ),
        "R-WV-06": (
            "45-CT/TW",
            "",
            "",
            "inferred",
            "Nguồn đã đọc là Chỉ thị 35-CT/TW (2019); tỉnh hợp nhất theo R-WV-17. "
            + ARTICLE_UNVERIFIED,
            [],
        ),
        "R-WV-07": (
            "45-CT/TW",
            "",
            "",
            "unresolved",
            "Cơ cấu tuổi năm 2025 chưa tìm thấy; chỉ tiêu trẻ của nhiệm kỳ ở R-WV-16.",
            [],
        ),
        "R-OR-01": ("2011", "Điều 21", "Art. 21", "confirmed", "", []),
        "R-OR-02": ("2011", "Điều 21", "Art. 21", "confirmed", "", []),
    },
}


# R-OR-06 in 2025–2030: the document (symbol, kind, role, issued on, title, English title).
OR_06_TERM = "2025–2030"
OR_06_DOCUMENT = (
    "163-KL/TW",
    "conclusion",
    "other",
    datetime.date(2025, 6, 6),
    "Kết luận về thời gian hoàn thành đại hội đảng bộ cấp cơ sở và sắp xếp tổ chức đảng",
    "Conclusion on the completion of the grassroots congresses and the merging of party "
    "organizations",
)
OR_06_NOTE = "Nguồn: Kết luận 163-KL/TW (6/6/2025) [C: S30]. " + ARTICLE_UNVERIFIED


def _link_or_06(TermDocument, TermRule):
    rule = TermRule.objects.filter(
        term__name=OR_06_TERM, rule_id="R-OR-06", document__isnull=True, status="unresolved"
    ).first()
    if rule is None:
        return
    symbol, kind, role, issued_on, title, title_en = OR_06_DOCUMENT
    document = TermDocument.objects.filter(term=rule.term, symbol=symbol).first()
    if document is None:
        document = TermDocument.objects.create(
            term=rule.term, symbol=symbol, kind=kind, role=role, issued_on=issued_on,
            title=title, title_en=title_en,
            order=TermDocument.objects.filter(term=rule.term).count(),
        )  # fmt: skip
    rule.document = document
    rule.status = "confirmed"
    rule.note = OR_06_NOTE
    rule.save(update_fields=["document", "status", "note"])


def _unlink_or_06(TermDocument, TermRule):
    symbol, kind, _role, _issued_on, title, _title_en = OR_06_DOCUMENT
    TermRule.objects.filter(
        term__name=OR_06_TERM, rule_id="R-OR-06", document__symbol=symbol, note=OR_06_NOTE
    ).update(
        document=None,
        status="unresolved",
        note="Sổ quy tắc dẫn Kết luận 163-KL/TW (6/6/2025) và thực tiễn; văn bản chưa có trong bộ "
        "quy tắc: thêm văn bản và điều khoản trong trang quản trị.",
    )
    TermDocument.objects.filter(
        term__name=OR_06_TERM, symbol=symbol, kind=kind, title=title, rules__isnull=True
    ).delete()


def seed(apps, schema_editor):
    Term = apps.get_model("congresses", "Term")
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule = apps.get_model("congresses", "TermRule")
    for term in Term.objects.filter(name__in=SOURCES):
        for rule_id, source in SOURCES[term.name].items():
            symbol, article, article_en, status, note, term_fields = source
            if TermRule.objects.filter(term=term, rule_id=rule_id).exists():
                continue
            section, statement, statement_en = STATEMENTS[rule_id]
            TermRule.objects.create(
                term=term,
                rule_id=rule_id,
                section=section,
                document=TermDocument.objects.filter(term=term, symbol=symbol).first(),
                article=article,
                article_en=article_en,
                statement=statement,
                statement_en=statement_en,
                status=status,
                note=note,
                term_fields=term_fields,
            )
    _link_or_06(TermDocument, TermRule)


def unseed(apps, schema_editor):
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule = apps.get_model("congresses", "TermRule")
    _unlink_or_06(TermDocument, TermRule)
    for term_name, rules in SOURCES.items():
        for rule_id in rules:
            TermRule.objects.filter(
                term__name=term_name, rule_id=rule_id, statement=STATEMENTS[rule_id][1]
            ).delete()


class Migration(migrations.Migration):
    dependencies = [("congresses", "0016_congress_worklist_index")]

    operations = [migrations.RunPython(seed, unseed)]
