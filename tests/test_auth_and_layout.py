import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese_by_default_even_for_english_browsers(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body
    assert "Mật khẩu" in body


def test_login_with_bad_password_shows_vietnamese_error(client):
    UserFactory(username="canbo")

    response = client.post(reverse("login"), {"username": "canbo", "password": "sai mật khẩu"})

    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_home_goes_to_organizations(client):
    UserFactory(username="canbo")

    response = client.post(
        reverse("login"), {"username": "canbo", "password": "correct horse battery staple"}
    )
    home = client.get(response["Location"])

    assert response.status_code == 302
    assert home.status_code == 302
    assert home["Location"] == reverse("organizations:organization-list")


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_language_switch_to_english_sticks(client):
    client.force_login(UserFactory())

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("organizations:organization-list"))

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Organizations" in body
    assert "Log out" in body


def test_static_assets_are_local(client):
    client.force_login(UserFactory())

    body = client.get(reverse("organizations:organization-list")).content.decode()

    assert "/static/vendor/bootstrap/bootstrap.min.css" in body
    assert "/static/django_htmx/htmx-2" in body
    assert "https://" not in body
    assert "http://" not in body


def test_health_check_answers_without_login_or_host_check(client):
    response = client.get("/health/", headers={"host": "internal-probe"})

    assert (response.status_code, response.content) == (200, b"ok")


def test_compose_file_describes_the_production_stack():
    import yaml
    from django.conf import settings

    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())

    assert sorted(compose["services"]) == ["beat", "migrate", "postgres", "redis", "web", "worker"]
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in compose["services"][name], name
    assert compose["services"]["worker"]["volumes"] == compose["services"]["web"]["volumes"]
    # web and workers share one cache (beat counts the city figures the web serves)
    environment = compose["x-app"]["environment"]
    assert environment["CACHE_URL"].startswith("redis://redis:6379/")
    assert environment["CACHE_URL"] != environment["CELERY_BROKER_URL"]
