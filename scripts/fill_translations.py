"""Fill the catalogs: English is the msgid itself; Vietnamese comes from VI below.

Run by `./dev messages` after makemessages. The VI dictionaries (here and in
scripts/translations_*.py) are the source of the Vietnamese and override the catalog; an entry
translated in the .po but in no dictionary is kept.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

VI = {
    "Congress administration": "Quản lý đại hội Đảng",
    "Vietnamese": "Tiếng Việt",
    "English": "Tiếng Anh",
    "Congresses": "Đại hội",
    "Organizations": "Tổ chức đảng",
    "District staff": "Cán bộ Quận ủy",
    "Working-group member": "Thành viên tổ công tác",
    "Grassroots secretary": "Bí thư cơ sở",
    "Leader": "Lãnh đạo",
    "Site administrator": "Quản trị hệ thống",
    "code": "mã",
    "name": "tên",
    "English name": "tên tiếng Anh",
    "level": "cấp",
    "1 for the top of the tree; larger numbers stand lower.": "1 là cấp cao nhất; số càng lớn càng ở cấp thấp hơn.",
    "may stand under": "trực thuộc được",
    "organization kind": "loại tổ chức",
    "organization kinds": "loại tổ chức",
    "kind": "loại",
    "organization": "tổ chức",
    "organizations": "tổ chức",
    "user": "người dùng",
    "role": "vai trò",
    "created at": "thời điểm tạo",
    "role grant": "phân quyền",
    "role grants": "phân quyền",
    "An organization with code %(code)s already exists.": "Đã có tổ chức mang mã %(code)s.",
    "A %(kind)s cannot stand under a %(parent_kind)s.": "%(kind)s không thể trực thuộc %(parent_kind)s.",
    "Reports": "Báo cáo",
    "Queued": "Đang chờ",
    "Rendering": "Đang tạo",
    "Done": "Hoàn thành",
    "Failed": "Lỗi",
    "Test report": "Báo cáo thử",
    "parameters": "tham số",
    "language": "ngôn ngữ",
    "requested by": "người yêu cầu",
    "status": "trạng thái",
    "attempts": "số lần thử",
    "lease expires at": "hết hạn giữ lúc",
    "error": "lỗi",
    "file": "tệp",
    "SHA-256": "SHA-256",
    "requested at": "thời điểm yêu cầu",
    "queued at": "thời điểm xếp hàng",
    "started at": "thời điểm bắt đầu",
    "finished at": "thời điểm kết thúc",
    "report job": "yêu cầu báo cáo",
    "report jobs": "yêu cầu báo cáo",
    "The report could not be rendered: %(error)s": "Không thể tạo báo cáo: %(error)s",
    "The report worker stopped %(attempts)s times; the job was abandoned.": "Tiến trình tạo báo cáo đã dừng %(attempts)s lần; công việc bị hủy.",
    "The report was requested.": "Đã gửi yêu cầu tạo báo cáo.",
    "Party congresses": "Đại hội Đảng các cấp",
    "Log out": "Đăng xuất",
    "Pages": "Trang",
    "Previous": "Trang trước",
    "Page %(number)s of %(total)s": "Trang %(number)s / %(total)s",
    "Next": "Trang sau",
    "Name or code": "Tên hoặc mã",
    "Search": "Tìm kiếm",
    "Code": "Mã",
    "Name": "Tên",
    "Kind": "Loại",
    "No organization matches the search.": "Không có tổ chức nào khớp với nội dung tìm kiếm.",
    "You have not been granted any organization yet.": "Bạn chưa được phân quyền đối với tổ chức nào.",
    "My recent reports": "Báo cáo gần đây của tôi",
    "All reports": "Tất cả báo cáo",
    "Log in": "Đăng nhập",
    "Username": "Tên đăng nhập",
    "Password": "Mật khẩu",
    "Download PDF": "Tải PDF",
    "No report has been requested yet.": "Chưa có yêu cầu báo cáo nào.",
    "No. %(document_number)s": "Số %(document_number)s",
    "COMMUNIST PARTY OF VIETNAM": "ĐẢNG CỘNG SẢN VIỆT NAM",
    "%(place)s, %(day)s/%(month)s/%(year)s": "%(place)s, ngày %(day)s tháng %(month)s năm %(year)s",
    "TEST REPORT": "BÁO CÁO THỬ",
    "Organization: <strong>%(name)s</strong> (code %(code)s, %(kind)s).": "Tổ chức: <strong>%(name)s</strong> (mã %(code)s, %(kind)s).",
    "Its subtree holds %(total)s organization, itself included.": "Hệ thống trực thuộc gồm %(total)s tổ chức, kể cả chính tổ chức này.",
    "Number": "Số lượng",
}


def vietnamese():
    """VI above plus the VI dicts of scripts/translations_*.py (one file per area of the code)."""
    import importlib.util

    merged = dict(VI)
    for path in sorted(ROOT.glob("scripts/translations_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        merged.update(module.VI)
    return merged


def fill(language):
    translations = vietnamese()
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path))
    catalog.metadata["Language"] = language
    missing = []
    for entry in catalog:
        if "fuzzy" in entry.flags:
            # msgmerge's guess from a similar msgid: never trusted.
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if language == "en":
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
        elif entry.msgid in translations:
            # The dictionaries are the source of the Vietnamese: they win over the catalog.
            if entry.msgid_plural:
                entry.msgstr_plural = {0: translations[entry.msgid]}
            else:
                entry.msgstr = translations[entry.msgid]
        elif not entry.translated():
            missing.append(entry.msgid)
    catalog.save()
    catalog.save_as_mofile(str(path.with_suffix(".mo")))
    return missing


if __name__ == "__main__":
    untranslated = fill("en") + fill("vi")
    for msgid in untranslated:
        print(f"untranslated (vi): {msgid!r}")
    sys.exit(1 if untranslated else 0)
