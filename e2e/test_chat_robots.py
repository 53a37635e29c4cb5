"""Journey: a manager (in Chinese) adds the team's DingTalk robot, sends it a test
message, a rep (in English) asks to be @-mentioned and mutes the e-mail the robot
carries, and the manager removes the robot."""

from e2e.pages import submit, success_message
from notifications.models import Channel, MutedEmail
from notifications.tests.robot_server import RobotServer


def open_menu_item(page, href):
    page.locator("nav .dropdown-toggle").last.click()
    page.locator(f"nav .dropdown-menu a[href='{href}']").click()


def test_a_manager_adds_tests_and_removes_the_teams_robot(
    journey, with_password, manager, rep, settings
):
    settings.KAM_WEBHOOK_HOSTS = [*settings.KAM_WEBHOOK_HOSTS, "127.0.0.1"]
    with_password(manager, rep)
    with RobotServer() as server:
        address = server.add("dingtalk", token="journey", secret="SECjourney+/=")

        chief = journey.sign_in(manager, "zh-hans")
        open_menu_item(chief, "/notifications/robots/")
        chief.locator("main a[href='/notifications/robots/add/']").click()
        form = chief.locator("main form.kam-form")
        form.locator("select[name=kind]").select_option("dingtalk")
        form.locator("[name=name]").fill("华东大客户群")
        form.locator("[name=address]").fill(address)
        form.locator("[name=secret]").fill("SECjourney+/=")
        form.locator("input[name=kinds][value=approach_again]").uncheck()
        submit(form)
        assert (
            success_message(chief)
            == "华东大客户群 (钉钉) 已保存。发送一条测试消息检查一下。"
        )

        with chief.expect_navigation():
            chief.locator("main form[action$='/test/'] button").click()
        assert "errcode 0 ok" in success_message(chief)
        (message,) = server.robot("journey").received
        assert message["markdown"]["title"] == "KAM 测试消息"
        page = chief.content()
        assert "journey" not in page
        assert "SECjourney" not in page

        person = journey.sign_in(rep, "en")
        open_menu_item(person, "/notifications/settings/")
        form = person.locator("main form.kam-form")
        form.locator("[name=mobile]").fill("138 0000 1111")
        form.locator("input[name=muted_kinds][value=due]").check()
        submit(form)
        assert success_message(person) == "Your reminder settings are saved."
        rep.refresh_from_db()
        assert rep.mobile == "13800001111"
        assert list(MutedEmail.objects.values_list("kind", flat=True)) == ["due"]

        chief.reload()
        chief.once("dialog", lambda dialog: dialog.accept())
        with chief.expect_navigation():
            chief.locator("main form[action$='/remove/'] button").click()
        assert success_message(chief) == "华东大客户群 (钉钉) 已删除。"
        assert not Channel.objects.exists()
