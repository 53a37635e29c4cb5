from django.urls import reverse


def _page(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_the_navigation_shows_who_is_signed_in(client, rep):
    html = _page(client, rep)
    assert "Sales rep" in html
    assert "Team A" in html
    assert reverse("logout") in html
    assert reverse("password_change") in html


def test_the_current_page_is_marked_in_the_navigation(client, rep):
    html = _page(client, rep)
    assert 'aria-current="page"' in html


def test_only_staff_see_the_administration_link(client, rep, admin_user):
    assert reverse("admin:index") not in _page(client, rep)
    assert reverse("admin:index") in _page(client, admin_user)


def test_a_managers_home_lists_their_team_and_no_one_else(
    client, rep, colleague, manager, outsider
):
    html = _page(client, manager)
    assert str(rep) in html
    assert str(colleague) in html
    assert str(outsider) not in html


def test_a_reps_home_is_their_day(client, rep):
    assert "What to do next" in _page(client, rep)


def test_pages_load_only_the_projects_own_assets(client, rep):
    html = _page(client, rep)
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: a strict CSP stays possible
    assert 'rel="icon"' in html
