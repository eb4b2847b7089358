"""Vietnamese for personnel: committee plans, candidate lists, election rounds, minutes."""

VI = {
    "Personnel": "Nhân sự",
    # Models and forms
    "committee seats": "số lượng cấp ủy",
    "standing committee seats": "số lượng ban thường vụ",
    "note": "ghi chú",
    "committee plan": "đề án nhân sự cấp ủy",
    "committee plans": "đề án nhân sự cấp ủy",
    "member": "đảng viên",
    "education": "trình độ",
    "member of the outgoing committee": "cấp ủy viên khóa cũ",
    "candidate": "ứng cử viên",
    "candidates": "ứng cử viên",
    "Committee": "Ban Chấp hành",
    "Standing committee": "Ban Thường vụ",
    "Secretary": "Bí thư",
    "Deputy secretary": "Phó Bí thư",
    "Delegates to the higher congress": "Đại biểu dự đại hội cấp trên",
    "Inspection commission": "Ủy ban Kiểm tra",
    "Inspection commission chair": "Chủ nhiệm Ủy ban Kiểm tra",
    "election": "cuộc bầu cử",
    "elections": "cuộc bầu cử",
    "seats": "số lượng được bầu",
    "round": "vòng",
    "convened": "triệu tập",
    "absent for the whole congress with an accepted reason": (
        "vắng mặt suốt thời gian đại hội có lý do được chấp nhận"
    ),
    "suspended, prosecuted or detained": "đang bị đình chỉ sinh hoạt, bị truy tố hoặc tạm giam",
    "other exclusions": "trường hợp trừ khác",
    "base D": "cơ sở tính D",
    "ballots issued": "số phiếu phát ra",
    "ballots returned": "số phiếu thu vào",
    "valid ballots": "số phiếu hợp lệ",
    "invalid ballots": "số phiếu không hợp lệ",
    "elected": "trúng cử",
    "tied": "bằng phiếu",
    "seats in the tie": "số ghế còn lại khi bằng phiếu",
    "seats unfilled": "số ghế còn thiếu",
    "entered by": "người nhập",
    "created at": "thời điểm tạo",
    "election round": "lần bầu cử",
    "election rounds": "lần bầu cử",
    "votes": "số phiếu bầu",
    "Named": "Có tên",
    "Anonymous": "Nặc danh",
    "received on": "ngày nhận",
    "source": "nguồn",
    "summary": "nội dung",
    "handling": "xử lý",
    "conclusion": "kết luận",
    "resolved": "đã giải quyết",
    "complaint": "đơn thư",
    "complaints": "đơn thư",
    "member code": "mã đảng viên",
    "Leave empty to enter a person who is not a member of this tree.": (
        "Để trống nếu nhập người không thuộc đảng bộ này."
    ),
    "There is no member with this code here.": "Không có đảng viên nào có mã này ở đây.",
    "Required when no member code is given.": "Bắt buộc khi không nhập mã đảng viên.",
    # Services
    "women": "nữ",
    "young": "trẻ",
    "ethnic minorities": "dân tộc thiểu số",
    "outgoing committee members": "cấp ủy viên khóa cũ",
    "The list must be longer than the seats: %(candidates)s candidates for %(seats)s seats.": (
        "Danh sách bầu cử phải có số dư: %(candidates)s người cho %(seats)s chỗ."
    ),
    "The excess of %(excess)s is more than 30 %% of the %(seats)s seats; the congress must be "
    "consulted to trim the list.": (
        "Số dư %(excess)s người vượt quá 30 %% của %(seats)s chỗ; phải xin ý kiến đại hội để "
        "rút bớt danh sách."
    ),
    "A body of 3 to 5 members may have an excess of at most one person.": (
        "Cấp ủy hoặc ban thường vụ có từ 3 đến 5 người chỉ được dư tối đa một người."
    ),
    "The personnel plan usually prepares an excess of 10–15 %% of the seats; this list has "
    "%(excess)s more candidates than the %(seats)s seats.": (
        "Đề án nhân sự chuẩn bị số dư từ 10 đến 15 %% số lượng; danh sách này dư %(excess)s "
        "người so với %(seats)s chỗ."
    ),
    "%(label)s %(achieved)s %%": "%(label)s %(achieved)s %%",
    "%(label)s %(achieved)s %%/%(target)s %%": "%(label)s %(achieved)s %%/%(target)s %%",
    "The standing committee must be smaller than the committee.": (
        "Số lượng ban thường vụ phải ít hơn số lượng cấp ủy."
    ),
    "Someone else changed this plan. Reload and try again.": (
        "Người khác vừa sửa đề án này. Hãy tải lại trang và thử lại."
    ),
    "An election has at least one seat.": "Mỗi cuộc bầu cử bầu ít nhất một người.",
    "Votes have been recorded on this list; it can no longer change.": (
        "Đã có kết quả kiểm phiếu cho danh sách này; không thể sửa danh sách nữa."
    ),
    "This member is already on the list.": "Đảng viên này đã có trong danh sách.",
    "This field is required.": "Trường này là bắt buộc.",
    "The exclusions (%(excluded)s) are more than the %(convened)s convened.": (
        "Số trường hợp trừ (%(excluded)s) lớn hơn số được triệu tập (%(convened)s)."
    ),
    "Votes were entered for someone who is not on the list.": (
        "Có số phiếu của người không có trong danh sách bầu cử."
    ),
    "The counts do not reconcile; nothing was recorded. Check the minutes (%(detail)s).": (
        "Số liệu kiểm phiếu không khớp; chưa ghi nhận gì. Hãy kiểm tra lại biên bản (%(detail)s)."
    ),
    # Views
    "The committee plan was saved.": "Đã lưu đề án nhân sự cấp ủy.",
    "The election was added.": "Đã thêm cuộc bầu cử.",
    "%(name)s was taken off the list.": "Đã rút %(name)s khỏi danh sách.",
    "%(name)s was put on the list.": "Đã đưa %(name)s vào danh sách.",
    "The round was recorded.": "Đã ghi nhận kết quả lần bầu.",
    # Templates
    "%(kind)s: list for %(seats)s seats": "%(kind)s: danh sách bầu %(seats)s người",
    "Enter a round": "Nhập kết quả một lần bầu",
    "Rounds": "Các lần bầu",
    "Round %(number)s": "Lần bầu thứ %(number)s",
    "Candidates: %(count)s (excess %(excess)s)": "Ứng cử viên: %(count)s (dư %(excess)s)",
    "Actions": "Thao tác",
    "outgoing committee": "cấp ủy khóa cũ",
    "Unresolved complaints": "Đơn thư chưa giải quyết",
    "%(counter)s unresolved complaint": "%(counter)s đơn thư chưa giải quyết",
    "Remove": "Rút khỏi danh sách",
    "Nobody is on the list yet.": "Danh sách chưa có ai.",
    "Structure targets": "Chỉ tiêu cơ cấu",
    "Ages at %(day)s. Projected: if everyone listed were elected; best and worst: among the "
    "seats, given the excess.": (
        "Tuổi tính đến %(day)s. Dự kiến: nếu tất cả người trong danh sách trúng cử; tốt nhất "
        "và xấu nhất: trong số chỗ được bầu, với số dư hiện có."
    ),
    "On the list": "Trong danh sách",
    "Projected": "Dự kiến",
    "Best case": "Tốt nhất",
    "Worst case": "Xấu nhất",
    "Target": "Chỉ tiêu",
    "Put someone on the list": "Bổ sung vào danh sách",
    "Add to the list": "Thêm vào danh sách",
    "Personnel of the congress of %(name)s, term %(term)s": (
        "Nhân sự đại hội %(name)s, nhiệm kỳ %(term)s"
    ),
    "Committee plan": "Đề án nhân sự cấp ủy",
    "No committee plan yet.": "Chưa có đề án nhân sự cấp ủy.",
    "Save the plan": "Lưu đề án",
    "Elected committee: %(count)s": "Cấp ủy trúng cử: %(count)s",
    "Elections": "Các cuộc bầu cử",
    "No election has been set up yet.": "Chưa có cuộc bầu cử nào.",
    "Add an election": "Thêm cuộc bầu cử",
    "Add": "Thêm",
    "%(kind)s: enter a round (%(seats)s seats)": "%(kind)s: nhập kết quả một lần bầu (%(seats)s chỗ)",
    "Earlier rounds:": "Các lần bầu trước:",
    "Base D (more than half of it is needed)": "Cơ sở tính D (trúng cử khi quá một nửa)",
    "Ballots": "Phiếu bầu",
    "Votes": "Số phiếu bầu",
    "Count and record": "Kiểm phiếu và ghi nhận",
    "Minutes": "Biên bản",
    "Minutes of the vote count": "Biên bản kiểm phiếu",
    "round %(number)s, %(seats)s seats": "lần bầu thứ %(number)s, bầu %(seats)s người",
    "Tie — congress decision required": "Bằng phiếu — đại hội quyết định",
    "the tied candidates compete for %(counter)s seat; the congress votes again among them.": (
        "những người bằng phiếu tranh %(counter)s chỗ; đại hội bầu lại trong số những người này."
    ),
    "%(counter)s seat is not filled; the congress decides whether to hold another round.": (
        "Còn thiếu %(counter)s người; đại hội quyết định có bầu tiếp hay không."
    ),
    "Base D": "Cơ sở tính D",
    "elected from %(threshold)s votes": "trúng cử từ %(threshold)s phiếu",
    "result": "kết quả",
    "Elected": "Trúng cử",
    "Not elected": "Không trúng cử",
    "Entered at %(at)s.": "Nhập lúc %(at)s.",
    "Every seat of this election is already filled.": "Đã bầu đủ số lượng của cuộc bầu cử này.",
    "Votes were entered for someone already elected in an earlier round.": "Đã nhập phiếu cho người đã trúng cử ở lần bầu trước.",
    "The date cannot be in the future.": "Ngày không thể ở tương lai.",
    "A resolved complaint needs its conclusion.": "Đơn đã giải quyết phải có kết luận.",
    "The complaint was recorded.": "Đã ghi nhận đơn thư.",
    "Complaints and denunciations": "Đơn thư khiếu nại, tố cáo",
    "Complaints and denunciations about %(name)s": "Đơn thư khiếu nại, tố cáo liên quan đến %(name)s",
    "Resolved": "Đã giải quyết",
    "Not resolved": "Chưa giải quyết",
    "Handling": "Xử lý",
    "Conclusion": "Kết luận",
    "No complaint received.": "Chưa nhận được đơn thư nào.",
    "Record a complaint": "Ghi nhận đơn thư",
    "Election results": "Kết quả bầu cử",
    "Committees elected in %(name)s, term %(term)s": "Cấp ủy được bầu trong %(name)s, nhiệm kỳ %(term)s",
    "Re-elected": "Tái cử",
    "Young": "Trẻ",
    "Level %(level)s": "Cấp %(level)s",
    "No committee has been elected here in this term yet.": "Chưa có cấp ủy nào được bầu trong nhiệm kỳ này.",
    "Ages are counted today; the structure against the targets at the congress date is on each congress's personnel page.": "Tuổi tính đến hôm nay; cơ cấu so với chỉ tiêu tại thời điểm đại hội xem ở trang nhân sự của từng đại hội.",
    "post": "chức danh",
    "nominee": "nhân sự được giới thiệu",
    "key post nomination": "nhân sự chủ chốt được giới thiệu",
    "key post nominations": "nhân sự chủ chốt được giới thiệu",
    "The nominee must stand in this congress.": "Nhân sự được giới thiệu phải là ứng cử viên của đại hội này.",
    "The key post nomination was recorded.": "Đã ghi nhận nhân sự chủ chốt được giới thiệu.",
    "Key posts approved in advance": "Nhân sự chủ chốt được cấp trên thông qua",
    "Post": "Chức danh",
    "Nominee": "Nhân sự",
    "No key post nominee recorded.": "Chưa có nhân sự chủ chốt nào được ghi nhận.",
    "Key posts elected as approved: %(share)s %%": "Nhân sự chủ chốt trúng cử như được thông qua: %(share)s %%",
    "Record the nominee": "Ghi nhận nhân sự",
}
