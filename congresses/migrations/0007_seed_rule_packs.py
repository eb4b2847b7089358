"""The rule packs of the terms 2020–2025 and 2025–2030 (issue 15, item 4): their source
documents and the rules of docs/domain-rules.md sections A3, A5–A7, B1/B2 and C that apply, with
the article where the rule book gives one. Numbers stay on Term and TermLevelRule (0002): a
rule names the settings it uses. Also sets 2020–2025's months of service for re-elected members
(30, R-WV-15), which 0002 left empty. Rules marked [I] or [U] in the rule book are seeded as
"inferred" or "unresolved", shown as such on the rules page; an empty article is one the rule
book does not give (to fill in from the document, in the admin).
"""

import datetime

from django.db import migrations

D = datetime.date

DOCUMENTS = {
    "2020–2025": [
        # symbol, kind, role, issued on, title, English title
        (
            "244-QĐ/TW",
            "regulation",
            "election_regulation",
            D(2014, 6, 9),
            "Quy chế bầu cử trong Đảng",
            "Party election regulation",
        ),
        (
            "35-CT/TW",
            "directive",
            "wave_directive",
            D(2019, 5, 30),
            "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII "
            "của Đảng",
            "On party congresses at all levels towards the 13th National Congress",
        ),
        (
            "26-HD/BTCTW",
            "guidance",
            "wave_guidance",
            D(2019, 10, 18),
            "Hướng dẫn một số vấn đề cụ thể thực hiện Chỉ thị 35-CT/TW",
            "Guidance on specific points of Directive 35-CT/TW",
        ),
        (
            "132-QĐ/TW",
            "regulation",
            "classification",
            D(2018, 3, 8),
            "Về việc kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá "
            "nhân trong hệ thống chính trị",
            "On the annual review and quality classification of collectives and individuals",
        ),
    ],
    "2025–2030": [
        (
            "190-QĐ/TW",
            "regulation",
            "election_regulation",
            D(2024, 10, 10),
            "Quy chế bầu cử trong Đảng",
            "Party election regulation",
        ),
        (
            "04-HD/TW",
            "guidance",
            "election_guidance",
            D(2024, 12, 31),
            "Hướng dẫn thực hiện Quy chế bầu cử trong Đảng",
            "Guidance on the party election regulation",
        ),
        (
            "45-CT/TW",
            "directive",
            "wave_directive",
            D(2025, 4, 14),
            "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV "
            "của Đảng",
            "On party congresses at all levels towards the 14th National Congress",
        ),
        (
            "27-HD/BTCTW",
            "guidance",
            "wave_guidance",
            D(2024, 8, 26),
            "Hướng dẫn một số vấn đề cụ thể về đại hội đảng bộ các cấp nhiệm kỳ 2025–2030",
            "Guidance on specific points of the 2025–2030 congresses",
        ),
        (
            "366-QĐ/TW",
            "regulation",
            "classification",
            D(2025, 8, 30),
            "Về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ "
            "thống chính trị",
            "On the review and quality classification of collectives and individuals",
        ),
    ],
}

ARTICLE_UNVERIFIED = "Điều khoản chưa đối chiếu với văn bản gốc; điền trong trang quản trị."


def rule(rule_id, section, document, article, article_en, statement, statement_en, **extra):
    return {
        "rule_id": rule_id,
        "section": section,
        "document": document,
        "article": article,
        "article_en": article_en,
        "statement": statement,
        "statement_en": statement_en,
        **extra,
    }


SLATE_RULES = [
    (
        "R-EL-07",
        "Danh sách bầu cấp ủy, ban thường vụ phải nhiều hơn số lượng cần bầu.",
        "A committee's or standing committee's list is longer than its seats.",
    ),
    (
        "R-EL-08",
        "Số dư tối đa không quá 30 % số lượng cần bầu.",
        "The excess is at most 30 % of the seats.",
    ),
    (
        "R-EL-09",
        "Phương án nhân sự chuẩn bị số dư 10–15 % số lượng cần bầu (cảnh báo).",
        "The personnel plan prepares an excess of 10–15 % of the seats (a warning).",
    ),
    (
        "R-EL-10",
        "Cấp ủy, ban thường vụ có 3–5 ủy viên: số dư không quá một người.",
        "A body of 3 to 5 members has an excess of at most one person.",
    ),
]


def slate(document, article, article_en, *, small_bodies_status):
    return [
        rule(
            rule_id,
            "A3",
            document,
            article,
            article_en,
            statement,
            statement_en,
            status=small_bodies_status if rule_id == "R-EL-10" else "confirmed",
            note="" if article else ARTICLE_UNVERIFIED,
        )
        for rule_id, statement, statement_en in SLATE_RULES
    ]


def elected(document, article, article_en):
    return [
        rule(
            "R-EL-20",
            "A5",
            document,
            article,
            article_en,
            "Đại hội đảng viên: trúng cử khi được quá một nửa số đảng viên chính thức được "
            "triệu tập (trừ các trường hợp được loại trừ) bầu.",
            "Member congress: elected with more than half of the official members convened "
            "(less those the regulation excludes).",
        ),
        rule(
            "R-EL-21",
            "A5",
            document,
            article,
            article_en,
            "Đại hội đại biểu: trúng cử khi được quá một nửa số đại biểu chính thức được "
            "triệu tập (trừ các trường hợp được loại trừ) bầu.",
            "Delegate congress: elected with more than half of the official delegates "
            "convened (less those the regulation excludes).",
        ),
        rule(
            "R-EL-23",
            "A5",
            document,
            article,
            article_en,
            "Nhiều người bằng phiếu ở suất cuối: đại hội bầu lại trong số người bằng phiếu; "
            "ứng dụng không tự quyết định.",
            "A tie at the last seat: the congress votes again among the tied candidates; the "
            "application never decides it.",
            status="inferred",
            note="Chưa có nguyên văn điều khoản về bằng phiếu (câu hỏi mở 1).",
        ),
    ]


QUORUM = rule(
    "R-EL-31",
    "A6",
    None,
    "",
    "",
    "Số đại biểu, đảng viên phải có mặt để đại hội hợp lệ.",
    "The share of those convened who must attend for the congress to be valid.",
    status="unresolved",
    note="Không tìm thấy trong các nguồn; thường nêu là hai phần ba (câu hỏi mở 2).",
)

PACKS = {
    "2020–2025": [
        *slate("244-QĐ/TW", "", "", small_bodies_status="inferred"),
        *elected("244-QĐ/TW", "Điều 32", "Art. 32"),
        QUORUM,
        rule(
            "R-WV-01",
            "B",
            "35-CT/TW",
            "",
            "",
            "Chi bộ, đảng bộ bộ phận đại hội trước, rồi cấp cơ sở, cấp trên cơ sở, cấp tỉnh; "
            "đại hội một đơn vị không sớm hơn đại hội các đơn vị trực thuộc.",
            "Cells and sub-committees first, then grassroots, the level above, the province; "
            "a unit's congress does not precede those of the units below it.",
            parameters={"levels": [5, 4]},
            level_fields=["window_start", "deadline", "max_days"],
            status="inferred",
            note="Thời hạn của chi bộ, đảng bộ bộ phận suy ra từ dữ liệu mẫu.",
        ),
        rule(
            "R-WV-02",
            "B",
            "35-CT/TW",
            "",
            "",
            "Cơ sở xong trước 30/6/2020 (tối đa 2 ngày); cấp trên cơ sở trước 31/8/2020 "
            "(tối đa 3 ngày); cấp tỉnh trước 31/10/2020 (tối đa 4 ngày).",
            "Grassroots by 30/6/2020 (at most 2 days); the level above by 31/8/2020 (3 days); "
            "provincial by 31/10/2020 (4 days).",
            parameters={"levels": [3, 2, 1]},
            level_fields=["window_start", "deadline", "max_days"],
            note=ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-03",
            "B",
            "35-CT/TW",
            "",
            "",
            "Đại hội điểm ở mỗi cấp tổ chức trước đại hội đại trà.",
            "Pilot congresses of each level come before the others.",
            note=ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-04",
            "B",
            "35-CT/TW",
            "mục 4",
            "section 4",
            "Đảng bộ cơ sở từ 200 đảng viên trở lên tổ chức đại hội đại biểu.",
            "Grassroots committees from 200 members hold a delegate congress.",
            term_fields=["delegate_congress_threshold"],
        ),
        rule(
            "R-WV-05",
            "B",
            "26-HD/BTCTW",
            "",
            "",
            "Số đại biểu dự đại hội cấp huyện không quá 300.",
            "At most 300 delegates at a district-level congress.",
            parameters={"levels": [2]},
            level_fields=["delegate_cap"],
            note=ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-08",
            "B",
            "26-HD/BTCTW",
            "",
            "",
            "Cấp ủy: nữ từ 15 %, trẻ từ 10 %.",
            "Committees: women at least 15 %, young members at least 10 %.",
            term_fields=["women_target_percent", "youth_target_percent", "youth_age_limit"],
            status="inferred",
            note="Chỉ tiêu nữ 15 % năm 2020 lấy từ dữ liệu mẫu và số liệu Hội Phụ nữ.",
        ),
        rule(
            "R-WV-13",
            "B",
            "35-CT/TW",
            "",
            "",
            "Đại hội 4 nội dung; đơn vị hợp nhất bầu sau theo dạng 2 nội dung, cấp ủy chỉ định.",
            "Four-content congresses; a merged unit's is two-content, its committee appointed.",
            parameters={"contents": ["four", "two"], "appointed": False},
            status="inferred",
            note="Nhiệm kỳ 2020–2025 không có đại hội 3 nội dung; đại hội 2 nội dung của đơn vị "
            "hợp nhất theo thực tiễn.",
        ),
        rule(
            "R-WV-14",
            "B",
            "26-HD/BTCTW",
            "",
            "",
            "Thời điểm tính tuổi tham gia cấp ủy.",
            "The reference date for ages.",
            parameters={"levels": [3, 2, 1]},
            level_fields=["age_reference_date"],
            status="unresolved",
            note="Không tìm thấy thời điểm tính tuổi năm 2020; tuổi tính tại ngày đại hội.",
        ),
        rule(
            "R-WV-15",
            "B",
            "26-HD/BTCTW",
            "",
            "",
            "Tái cử cấp ủy phải còn ít nhất 30 tháng công tác.",
            "Re-elected committee members need at least 30 months of service left.",
            term_fields=["first_time_service_months", "reelected_service_months"],
            note="Số tháng của người lần đầu tham gia năm 2020 chưa tìm thấy (để trống). "
            + ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-CL-01",
            "C",
            "132-QĐ/TW",
            "",
            "",
            "Bốn mức xếp loại: HTXSNV, HTTNV, HTNV, KHTNV.",
            "Four levels: excellent, good, done, not done.",
        ),
    ],
    "2025–2030": [
        *slate("190-QĐ/TW", "Điều 14", "Art. 14", small_bodies_status="confirmed"),
        *elected("190-QĐ/TW", "Điều 30", "Art. 30"),
        QUORUM,
        rule(
            "R-EL-34",
            "A7",
            "190-QĐ/TW",
            "Điều 7",
            "Art. 7",
            "Ban thẩm tra tư cách đại biểu được bầu tại phiên trù bị (mới từ 2024).",
            "A credentials committee is elected at the preparatory session (new in 2024).",
        ),
        rule(
            "R-WV-01",
            "B",
            "45-CT/TW",
            "",
            "",
            "Đại hội một đơn vị không sớm hơn đại hội các đơn vị trực thuộc.",
            "A unit's congress does not precede those of the units below it.",
            status="inferred",
            note=ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-03",
            "B",
            "45-CT/TW",
            "",
            "",
            "Đại hội điểm ở mỗi cấp tổ chức trước đại hội đại trà.",
            "Pilot congresses of each level come before the others.",
            status="inferred",
            note="Giữ như nhiệm kỳ trước; chưa đối chiếu Chỉ thị 45-CT/TW.",
        ),
        rule(
            "R-WV-04",
            "B",
            "45-CT/TW",
            "",
            "",
            "Ngưỡng số đảng viên để đảng bộ cơ sở tổ chức đại hội đại biểu.",
            "The membership from which a grassroots committee holds a delegate congress.",
            term_fields=["delegate_congress_threshold"],
            status="unresolved",
            note="Ngưỡng năm 2025 chưa tìm thấy; tạm dùng 200 như năm 2020 (câu hỏi mở 6).",
        ),
        rule(
            "R-WV-11",
            "B",
            "27-HD/BTCTW",
            "",
            "",
            "Chi bộ trực thuộc xong trước 31/3/2025 (tối đa nửa ngày); đảng bộ bộ phận trước "
            "đại hội cơ sở; cơ sở trước 30/6/2025 (tối đa 2 ngày).",
            "Cells by 31/3/2025 (half a day); sub-committees before their grassroots "
            "congress; grassroots by 30/6/2025 (2 days).",
            parameters={"levels": [5, 4, 3]},
            level_fields=["window_start", "deadline", "max_days"],
            note=ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-12",
            "B",
            "45-CT/TW",
            "",
            "",
            "Cấp trên cơ sở và đảng bộ xã, phường, đặc khu mới trước 31/8/2025 (tối đa 2 "
            "ngày); cấp tỉnh trước 31/10/2025 (tối đa 4 ngày).",
            "The level above grassroots and the new commune, ward and special-zone committees "
            "by 31/8/2025 (2 days); provincial by 31/10/2025 (4 days).",
            parameters={"levels": [2, 1]},
            level_fields=["window_start", "deadline", "max_days"],
            note=ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-13",
            "B",
            "45-CT/TW",
            "",
            "",
            "Đơn vị không hợp nhất đại hội 4 nội dung; đơn vị hợp nhất, mới thành lập đại hội "
            "3 hoặc 2 nội dung, cấp ủy và đại biểu do cấp trên chỉ định.",
            "Units not merged hold four-content congresses; merged and new units three- or "
            "two-content ones, their committee and delegates appointed by the level above.",
            parameters={"contents": ["four", "three", "two"], "appointed": True},
            note="Nội dung của đại hội 3 nội dung (không bầu cấp ủy, có bầu đại biểu) là suy "
            "luận [I]. " + ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-14",
            "B",
            "45-CT/TW",
            "",
            "",
            "Tuổi tính tại thời điểm: cơ sở 4/2025; cấp trên cơ sở 6/2025; xã, phường, đặc khu "
            "7/2025; cấp tỉnh 9/2025.",
            "Ages at: grassroots April 2025; above grassroots June 2025; communes and wards "
            "July 2025; provinces September 2025.",
            parameters={"levels": [3, 2, 1]},
            level_fields=["age_reference_date"],
            note=ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-15",
            "B",
            "45-CT/TW",
            "",
            "",
            "Lần đầu tham gia cấp ủy còn ít nhất 60 tháng công tác; tái cử ít nhất 48 tháng.",
            "First-time committee members need 60 months of service left; re-elected ones 48.",
            term_fields=["first_time_service_months", "reelected_service_months"],
            note="Các ngoại lệ (42, 36 tháng) do cấp trên quyết định. " + ARTICLE_UNVERIFIED,
        ),
        rule(
            "R-WV-16",
            "B",
            "45-CT/TW",
            "",
            "",
            "Nữ từ 15 % và có nữ trong ban thường vụ; tiêu chí, chỉ tiêu trẻ chưa rõ.",
            "Women at least 15 % and one in the standing committee; the youth target unclear.",
            term_fields=["women_target_percent", "youth_target_percent", "youth_age_limit"],
            status="unresolved",
            note="Chỉ tiêu trẻ năm 2025 chưa tìm thấy; tạm dùng dưới 40 tuổi, 10 % (câu hỏi mở "
            "4).",
        ),
        rule(
            "R-CL-01",
            "C",
            "366-QĐ/TW",
            "",
            "",
            "Bốn mức xếp loại: HTXSNV, HTTNV, HTNV, KHTNV.",
            "Four levels: excellent, good, done, not done.",
        ),
        rule(
            "R-CL-02",
            "C",
            "366-QĐ/TW",
            "Điều 11",
            "Art. 11",
            "Chấm theo thang 100 điểm: HTXSNV từ 90, HTTNV từ 70, HTNV từ 50.",
            "Scored on 100 points: excellent from 90, good from 70, done from 50.",
            note="Các ngưỡng điểm ở recognition/rules.py.",
        ),
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("congresses", "Term")
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule = apps.get_model("congresses", "TermRule")
    Term.objects.filter(name="2020–2025", reelected_service_months=None).update(
        reelected_service_months=30
    )
    for term in Term.objects.filter(name__in=PACKS):
        documents = {}
        for order, (symbol, kind, role, issued_on, title, title_en) in enumerate(
            DOCUMENTS[term.name]
        ):
            documents[symbol], _created = TermDocument.objects.update_or_create(
                term=term,
                symbol=symbol,
                defaults={
                    "kind": kind,
                    "role": role,
                    "issued_on": issued_on,
                    "title": title,
                    "title_en": title_en,
                    "order": order,
                },
            )
        for values in PACKS[term.name]:
            values = dict(values)
            symbol = values.pop("document")
            TermRule.objects.update_or_create(
                term=term,
                rule_id=values.pop("rule_id"),
                defaults={**values, "document": documents.get(symbol)},
            )


def unseed(apps, schema_editor):
    Term = apps.get_model("congresses", "Term")
    TermRule = apps.get_model("congresses", "TermRule")
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule.objects.filter(term__name__in=PACKS).delete()
    TermDocument.objects.filter(term__name__in=PACKS).delete()
    Term.objects.filter(name="2020–2025").update(reelected_service_months=None)


class Migration(migrations.Migration):
    dependencies = [("congresses", "0006_rule_pack")]

    operations = [migrations.RunPython(seed, unseed)]
