"""Error pages (400, 403, 404, 429, 500) in Vietnamese, with the menu and a way back."""

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from congress_admin import errors
from congress_admin import urls as site_urls
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@login_required
def _suspicious(request):
    raise SuspiciousOperation("a forged value")


@login_required
def _forbidden(request):
    raise PermissionDenied


@login_required
def _broken(request):
    raise RuntimeError("a bug")


# The site's URLs and error handlers, and three views that fail on purpose.
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
urlpatterns = [
    *site_urls.urlpatterns,
    path("test-errors/400/", _suspicious),
    path("test-errors/403/", _forbidden),
    path("test-errors/500/", _broken),
]

MENU = "Tổ chức đảng"  # "Organizations" in the navigation bar
HOME_LINK = '<a class="btn btn-danger" href="/">Về trang chủ</a>'


@pytest.fixture
def staff(tree):
    return UserFactory(scope=tree["tay_ho"], role="staff", first_name="Hòa", last_name="Nguyễn")


def signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("url", "status", "template", "heading"),
    [
        ("/test-errors/400/", 400, "400.html", "Yêu cầu không hợp lệ"),
        ("/test-errors/403/", 403, "403.html", "Không có quyền truy cập"),
        ("/no-such-page/", 404, "404.html", "Không tìm thấy trang"),
        ("/test-errors/500/", 500, "500.html", "Đã xảy ra lỗi"),
    ],
)
def test_error_pages_speak_vietnamese_with_the_menu_and_a_way_home(
    staff, url, status, template, heading
):
    client = signed_in(staff, raise_request_exception=False)

    response = client.get(url)

    assert response.status_code == status
    assert template in [used.name for used in response.templates]
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in html
    assert MENU in html
    assert HOME_LINK in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_back_link_leads_only_to_our_own_pages(staff):
    client = signed_in(staff)

    ours = client.get("/test-errors/403/", HTTP_REFERER="http://testserver/organizations/")
    theirs = client.get("/test-errors/403/", HTTP_REFERER="https://example.com/organizations/")

    back = '<a class="btn btn-outline-secondary" href="http://testserver/organizations/">'
    assert back + "Quay lại trang trước</a>" in ours.content.decode()
    assert "Quay lại trang trước" not in theirs.content.decode()


def test_signed_out_visitors_get_the_page_without_the_menu(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert MENU not in response.content.decode()


def test_the_500_page_asks_nothing_of_the_database(django_assert_num_queries):
    """The database may be what failed: a user the request has not loaded yet stays unloaded."""
    request = RequestFactory().get("/anything/")
    request.user = SimpleLazyObject(lambda: pytest.fail("the user was loaded"))

    with translation.override("vi"), django_assert_num_queries(0):
        response = errors.server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã xảy ra lỗi" in html
    assert MENU not in html
    assert HOME_LINK in html


def test_the_sign_in_lockout_is_a_429_page(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": user.username, "password": "x"})

    assert response.status_code == 429
    assert {"429.html", "registration/locked_out.html"} <= {t.name for t in response.templates}
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert 'href="/accounts/login/"' in response.content.decode()


def test_an_expired_form_is_explained_in_vietnamese(staff):
    client = signed_in(staff, enforce_csrf_checks=True)

    response = client.post(reverse("logout"))

    assert response.status_code == 403
    assert "403_csrf.html" in [used.name for used in response.templates]
    html = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in html
    assert MENU in html
