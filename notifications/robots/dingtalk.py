"""钉钉 (DingTalk) custom group robots.

Following DingTalk's "自定义机器人接入" (open.dingtalk.com/document/group/custom-robot-access)
and its message types page: the webhook is
https://oapi.dingtalk.com/robot/send?access_token=…; a robot with 加签 signing gets
``timestamp`` (milliseconds, within an hour of DingTalk's clock) and ``sign`` on the
query string, where sign = urlEncode(base64(HmacSHA256(key=secret,
msg=timestamp + "\\n" + secret))). The body is ``{"msgtype": "markdown", "markdown":
{"title", "text"}, "at": {"atMobiles": [...], "isAtAll": false}}``; a mentioned
number must also appear as "@number" in the text. The answer is ``{"errcode": 0,
"errmsg": "ok"}``, or another errcode (310000: signature, keyword or IP check
failed; 300001: no such token; 130101/410100: sending too fast). Each robot may send
20 messages a minute, or it is throttled for 10 minutes.
"""

import base64
import hashlib
import hmac
from urllib.parse import quote_plus

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from notifications.http import read_code

KIND = "dingtalk"
LABEL = _("DingTalk")
SIGNED = True
LIMITS = ((20, 60),)
PATH = "/robot/send"


def check_address(parts):
    if parts.path != PATH or "access_token=" not in parts.query:
        raise ValidationError(
            _("A DingTalk robot's webhook looks like %(example)s."),
            params={"example": f"https://oapi.dingtalk.com{PATH}?access_token=…"},
            code="address",
        )


def signature(timestamp, secret):
    """base64(HmacSHA256(secret, "timestamp\\nsecret")), before URL-encoding."""
    digest = hmac.new(
        secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def request(address, secret, message, now):
    text = message.markdown()
    if message.mobiles:
        text += "\n\n" + " ".join(f"@{mobile}" for mobile in message.mobiles)
    body = {
        "msgtype": "markdown",
        "markdown": {"title": message.title, "text": text},
        "at": {"atMobiles": message.mobiles, "isAtAll": False},
    }
    if secret:
        timestamp = int(now.timestamp() * 1000)
        sign = quote_plus(signature(timestamp, secret))
        address += f"&timestamp={timestamp}&sign={sign}"
    return address, body


def outcome(answer):
    return read_code(answer, "DingTalk")
