"""飞书 (Feishu) custom group robots.

Following Feishu's "自定义机器人使用指南" (open.feishu.cn/document/client-docs/bot-v3/
add-custom-bot): the webhook is https://open.feishu.cn/open-apis/bot/v2/hook/…; a
robot with 签名校验 gets ``timestamp`` (seconds, within an hour) and ``sign`` in the
body, where sign = base64(HmacSHA256(key=timestamp + "\\n" + secret, msg="")) — the
key and message the other way round from DingTalk. The body is
``{"msg_type": "interactive", "card": {...}}`` (a message card: a header and lark_md
text, at most 20 KB); the answer ``{"code": 0, "msg": "success"}`` (older robots
also say ``"StatusCode": 0``), or another code (19021: signature or timestamp check
failed; 19024: keyword missing; 9499: bad request; 11232: rate limited). A custom
robot may send 100 messages a minute and 5 a second.

A custom robot can @-mention only by Feishu user id or e-mail, never by mobile
number, so the card names the person instead.
"""

import base64
import hashlib
import hmac

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from notifications.http import read_code

KIND = "feishu"
LABEL = _("Feishu")
SIGNED = True
LIMITS = ((100, 60), (5, 1))
PATH = "/open-apis/bot/v2/hook/"


def check_address(parts):
    if not parts.path.startswith(PATH) or len(parts.path) == len(PATH):
        raise ValidationError(
            _("A Feishu robot's webhook looks like %(example)s."),
            params={"example": f"https://open.feishu.cn{PATH}…"},
            code="address",
        )


def signature(timestamp, secret):
    """base64(HmacSHA256(key="timestamp\\nsecret", message=""))."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def request(address, secret, message, now):
    card = {
        "config": {"wide_screen_mode": True},
        "header": {
            "title": {"tag": "plain_text", "content": message.title},
            "template": "orange",
        },
        "elements": [
            {
                "tag": "div",
                "text": {"tag": "lark_md", "content": message.details()},
            }
        ],
    }
    body = {"msg_type": "interactive", "card": card}
    if secret:
        timestamp = int(now.timestamp())
        body = {
            "timestamp": str(timestamp),
            "sign": signature(timestamp, secret),
            **body,
        }
    return address, body


def outcome(answer):
    if "code" not in (answer.json() or {"code": None}):
        return read_code(answer, "Feishu", "StatusCode", "StatusMessage")
    return read_code(answer, "Feishu", "code", "msg")
