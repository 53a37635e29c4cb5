"""A local HTTP server that plays WeCom, DingTalk and Feishu group robots.

It knows each robot by its token and checks a request the way the platform
documents (see notifications/robots/*.py): the JSON shape of the message type,
and for signed DingTalk and Feishu robots the timestamp (within an hour) and the
signature, recomputed here from the robot's secret. It answers with the platform's
own success or error body, and keeps what it accepted. A robot can be told to
answer an error code, to be slow, or to hang up.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOUR_MS = 3600 * 1000
# How often serve_forever looks for shutdown(): its default, half a second, is what
# every test using the server waited at its end.
SHUTDOWN_POLL = 0.02


def serve_in_background(httpd):
    """Start ``httpd`` answering on a daemon thread; ``httpd.shutdown()`` stops it."""
    thread = threading.Thread(
        target=httpd.serve_forever, args=(SHUTDOWN_POLL,), daemon=True
    )
    thread.start()
    return thread


@dataclass
class Robot:
    kind: str
    token: str
    secret: str = ""
    #: An error code to answer with instead of success (the platform's own codes).
    error: int | None = None
    #: Seconds to wait before answering.
    delay: float = 0
    received: list = field(default_factory=list)
    refused: list = field(default_factory=list)


def dingtalk_sign(timestamp, secret):
    digest = hmac.new(
        secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(timestamp, secret):
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_POST(self):
        server = self.server.robots
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        robot, kind = server.find(parts.path, query)
        if robot is None:
            return self._answer(*server.unknown(kind))
        if robot.delay:
            time.sleep(robot.delay)
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        if not isinstance(body, dict):
            problem = "not JSON"
        elif self.headers.get_content_type() != "application/json":
            problem = "not application/json"
        else:
            problem = CHECKS[robot.kind](robot, body, self.path)
        if problem:
            robot.refused.append((problem, body))
            return self._answer(*ERRORS[robot.kind](problem))
        if robot.error is not None:
            robot.refused.append((f"told to answer {robot.error}", body))
            return self._answer(*CODE_ANSWERS[robot.kind](robot.error))
        robot.received.append(body)
        return self._answer(*SUCCESS[robot.kind])

    def _answer(self, status, data):
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _fresh_ms(timestamp):
    return timestamp.isdigit() and abs(time.time() * 1000 - int(timestamp)) <= HOUR_MS


def _check_wecom(robot, body, path):
    kind = body.get("msgtype")
    if kind == "markdown":
        content = body.get("markdown", {}).get("content")
        if not isinstance(content, str) or not content:
            return "markdown.content missing"
        if len(content.encode()) > 4096:
            return "markdown.content over 4096 bytes"
        return None
    if kind == "text":
        text = body.get("text", {})
        if not isinstance(text.get("content"), str):
            return "text.content missing"
        if not all(isinstance(m, str) for m in text.get("mentioned_mobile_list", [])):
            return "mentioned_mobile_list not strings"
        return None
    return f"msgtype {kind!r}"


def _check_dingtalk(robot, body, path):
    query = parse_qs(urlsplit(path).query)
    if robot.secret:
        timestamp = query.get("timestamp", [""])[0]
        if not _fresh_ms(timestamp):
            return "timestamp"
        # parse_qs decodes %2B to "+": a sign sent without URL-encoding loses its
        # "+" to spaces and does not match, as at DingTalk.
        if query.get("sign", [""])[0] != dingtalk_sign(timestamp, robot.secret):
            return "sign"
    if body.get("msgtype") != "markdown":
        return f"msgtype {body.get('msgtype')!r}"
    markdown = body.get("markdown", {})
    if not (isinstance(markdown.get("title"), str) and markdown.get("text")):
        return "markdown.title/text missing"
    mobiles = body.get("at", {}).get("atMobiles", [])
    if any(f"@{mobile}" not in markdown["text"] for mobile in mobiles):
        return "an atMobiles number is not @-mentioned in the text"
    return None


def _check_feishu(robot, body, path):
    if robot.secret:
        timestamp = str(body.get("timestamp", ""))
        if not (timestamp.isdigit() and abs(time.time() - int(timestamp)) <= 3600):
            return "timestamp"
        if body.get("sign") != feishu_sign(timestamp, robot.secret):
            return "sign"
    kind = body.get("msg_type")
    if kind == "interactive":
        card = body.get("card", {})
        title = card.get("header", {}).get("title", {}).get("content")
        if not title or not card.get("elements"):
            return "card header/elements missing"
        return None
    if kind == "text" and body.get("content", {}).get("text"):
        return None
    return f"msg_type {kind!r}"


CHECKS = {"wecom": _check_wecom, "dingtalk": _check_dingtalk, "feishu": _check_feishu}
SUCCESS = {
    "wecom": (200, {"errcode": 0, "errmsg": "ok"}),
    "dingtalk": (200, {"errcode": 0, "errmsg": "ok"}),
    "feishu": (
        200,
        {"code": 0, "msg": "success", "data": {}, "StatusCode": 0,
         "StatusMessage": "success"},
    ),
}  # fmt: skip
CODE_ANSWERS = {
    "wecom": lambda code: (200, {"errcode": code, "errmsg": "error"}),
    "dingtalk": lambda code: (200, {"errcode": code, "errmsg": "error"}),
    "feishu": lambda code: (200, {"code": code, "msg": "error", "data": {}}),
}


def _refusal(kind, problem):
    if kind == "dingtalk":
        if problem in ("sign", "timestamp"):
            return 200, {"errcode": 310000, "errmsg": f"{problem} not match"}
        return 200, {"errcode": 40035, "errmsg": f"invalid parameter: {problem}"}
    if kind == "feishu":
        if problem in ("sign", "timestamp"):
            return 200, {
                "code": 19021,
                "msg": "sign match fail or timestamp is not within one hour "
                "from current time",
                "data": {},
            }
        return 400, {"code": 9499, "msg": "Bad Request", "data": {}}
    return 200, {"errcode": 40008, "errmsg": f"invalid message type: {problem}"}


ERRORS = {kind: (lambda k: lambda p: _refusal(k, p))(kind) for kind in CHECKS}


class RobotServer:
    """``with RobotServer() as server: url = server.add("dingtalk", secret=…)``."""

    def __init__(self):
        self.robots = {}
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.robots = self
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def __enter__(self):
        serve_in_background(self.httpd)
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def add(self, kind, *, token=None, secret="", **options):
        """A robot on this server; its webhook address."""
        token = token or f"{kind}-token-{len(self.robots) + 1}"
        with self._lock:
            self.robots[token] = Robot(kind, token, secret, **options)
        base = f"http://127.0.0.1:{self.port}"
        return {
            "wecom": f"{base}/cgi-bin/webhook/send?key={token}",
            "dingtalk": f"{base}/robot/send?access_token={token}",
            "feishu": f"{base}/open-apis/bot/v2/hook/{token}",
        }[kind]

    def robot(self, token):
        return self.robots[token]

    def find(self, path, query):
        if path == "/cgi-bin/webhook/send":
            token, kind = query.get("key", [""])[0], "wecom"
        elif path == "/robot/send":
            token, kind = query.get("access_token", [""])[0], "dingtalk"
        elif path.startswith("/open-apis/bot/v2/hook/"):
            token, kind = path.rsplit("/", 1)[1], "feishu"
        else:
            return None, "wecom"
        robot = self.robots.get(token)
        return (robot if robot and robot.kind == kind else None), kind

    def unknown(self, kind):
        return {
            "wecom": (200, {"errcode": 93000, "errmsg": "invalid webhook url"}),
            "dingtalk": (200, {"errcode": 300001, "errmsg": "token is not exist"}),
            "feishu": (200, {"code": 19001, "msg": "param invalid: incoming webhook access token invalid", "data": {}}),
        }[kind]  # fmt: skip

    def received(self, kind=None):
        return [
            body
            for robot in self.robots.values()
            if kind in (None, robot.kind)
            for body in robot.received
        ]
