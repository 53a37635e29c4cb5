"""企业微信 (WeCom) group robots.

Following WeCom's "群机器人配置说明" (developer.work.weixin.qq.com/document/path/91770):
the webhook is https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…, the body
``{"msgtype": "markdown", "markdown": {"content": …}}`` (at most 4096 bytes), the
answer ``{"errcode": 0, "errmsg": "ok"}`` or another errcode (45009: over the rate
limit; 93000: the webhook is not valid). Each robot may send 20 messages a minute.
Robots are not signed: the key in the address is the credential.

Markdown cannot @-mention by mobile number; ``mentioned_mobile_list`` works on text
messages only, so a reminder that @-mentions someone goes as ``text``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from notifications.http import read_code

KIND = "wecom"
LABEL = _("WeCom")
SIGNED = False
LIMITS = ((20, 60),)
PATH = "/cgi-bin/webhook/send"
MAX_BYTES = 4096


def check_address(parts):
    if parts.path != PATH or "key=" not in parts.query:
        raise ValidationError(
            _("A WeCom robot's webhook looks like %(example)s."),
            params={"example": f"https://qyapi.weixin.qq.com{PATH}?key=…"},
            code="address",
        )


def _fit(text):
    data = text.encode()
    return (
        text
        if len(data) <= MAX_BYTES
        else data[: MAX_BYTES - 3].decode("utf-8", "ignore") + "…"
    )


def request(address, secret, message, now):
    if message.mobiles:
        body = {
            "msgtype": "text",
            "text": {
                "content": _fit(message.plain()),
                "mentioned_mobile_list": message.mobiles,
            },
        }
    else:
        body = {
            "msgtype": "markdown",
            "markdown": {"content": _fit(message.markdown())},
        }
    return address, body


def outcome(answer):
    return read_code(answer, "WeCom")
