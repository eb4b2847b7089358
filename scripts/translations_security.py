"""Vietnamese for sign-in protection (throttling, one-time codes) and the audit log."""

VI = {
    "until": "đến ngày",
    "Code from the authenticator app": "Mã trên ứng dụng xác thực",
    "The code was confirmed.": "Đã xác nhận mã.",
    "This code is not valid. Check the time on your phone.": "Mã không đúng. Hãy kiểm tra giờ trên điện thoại.",
    "Audit log": "Nhật ký thay đổi",
    "show": "xem",
    "No change recorded.": "Chưa có thay đổi nào.",
    "Sign-in blocked for now": "Tạm khóa đăng nhập",
    "Too many wrong passwords for this account from this computer. Try again in %(minutes)s minutes, or ask the site administrator to unlock it.": "Nhập sai mật khẩu quá nhiều lần cho tài khoản này từ máy này. Hãy thử lại sau %(minutes)s phút hoặc đề nghị quản trị hệ thống mở khóa.",
    "Back to the sign-in page": "Quay lại trang đăng nhập",
    "Sign-in code": "Mã đăng nhập",
    "Your role requires a second step when you sign in. Scan this code with an authenticator app (Google Authenticator, Microsoft Authenticator…), then enter the six digits it shows.": "Vai trò của bạn cần thêm một bước khi đăng nhập. Hãy quét mã này bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), rồi nhập sáu chữ số ứng dụng hiển thị.",
    "Setup code for the authenticator app": "Mã cài đặt cho ứng dụng xác thực",
    "Or enter this key by hand: <code>%(secret)s</code>": "Hoặc nhập khóa này bằng tay: <code>%(secret)s</code>",
    "Enter the six digits your authenticator app shows.": "Nhập sáu chữ số ứng dụng xác thực hiển thị.",
    "Confirm": "Xác nhận",
    "Too many wrong codes: wait a few seconds and try again.": "Nhập sai mã nhiều lần: hãy chờ vài giây rồi thử lại.",
}
