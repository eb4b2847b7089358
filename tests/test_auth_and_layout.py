import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# URL names an anonymous visitor may open; everything else redirects to the login page.
PUBLIC = {"login", "logout", "set_language"}


def url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin has its own login and is tested by Django
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def sample_url(name, pattern):
    converters = pattern.pattern.converters
    sample = {"int": 1, "uuid": "00000000-0000-0000-0000-000000000000", "str": "x", "slug": "x"}
    kwargs = {
        key: sample[type(conv).__name__.replace("Converter", "").lower()]
        for key, conv in converters.items()
    }
    return reverse(name, kwargs=kwargs)


PROTECTED = [(name, pattern) for name, pattern in url_names() if name not in PUBLIC]


def test_every_url_pattern_is_public_or_protected():
    assert {name for name, _pattern in url_names()} - PUBLIC == {name for name, _p in PROTECTED}
    assert len(PROTECTED) == 6


@pytest.mark.parametrize(("name", "pattern"), PROTECTED, ids=[name for name, _p in PROTECTED])
def test_anonymous_visitor_is_sent_to_login(client, name, pattern):
    url = sample_url(name, pattern)

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("login") + "?next=")


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
