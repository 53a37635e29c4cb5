"""Signing out leaves nothing of KAM's behind in the browser: on a shared phone the
next person finds no draft and no cached file of the last one."""

from django.urls import reverse


def test_sign_out_tells_the_browser_to_clear_kam_s_storage(client, rep):
    client.force_login(rep)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_sign_out_button_asks_the_page_to_delete_its_drafts(client, rep):
    client.force_login(rep)
    page = client.get(reverse("home")).content.decode()
    assert (
        f'<form method="post" action="{reverse("logout")}" data-kam-sign-out>' in page
    )


def test_the_page_says_who_its_drafts_belong_to(client, rep):
    client.force_login(rep)
    assert f'data-kam-user="{rep.pk}"' in client.get(reverse("home")).content.decode()
