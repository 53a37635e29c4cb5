"""A local HTTP server playing another system that receives KAM's webhooks.

It checks each POST as a receiver should: JSON, the headers, and the signature
recomputed from the shared secret over the exact body. It keeps what it accepted
(by delivery id, so a repeat shows) and what it refused; it can be told to answer
an error status for a while."""

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from notifications.tests.robot_server import serve_in_background


@dataclass
class Received:
    event: str
    delivery: str
    body: dict


@dataclass
class State:
    secret: str
    received: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    #: Answer this status to the next N requests (a receiver that is down).
    fail_next: int = 0
    fail_status: int = 503


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        state = self.server.state
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        expected = (
            "sha256=" + hmac.new(state.secret.encode(), raw, hashlib.sha256).hexdigest()
        )
        given = self.headers.get("X-KAM-Signature", "")
        if not hmac.compare_digest(expected, given):
            state.refused.append(("bad signature", raw))
            return self._answer(401)
        if self.headers.get_content_type() != "application/json":
            state.refused.append(("not JSON", raw))
            return self._answer(415)
        if state.fail_next:
            state.fail_next -= 1
            return self._answer(state.fail_status)
        body = json.loads(raw.decode("utf-8"))
        state.received.append(
            Received(
                event=self.headers.get("X-KAM-Event", ""),
                delivery=self.headers.get("X-KAM-Delivery", ""),
                body=body,
            )
        )
        return self._answer(204)

    def _answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


class WebhookServer:
    def __init__(self, secret="a-shared-secret-of-ours"):
        self.state = State(secret=secret)

    def __enter__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.state = self.state
        self.thread = serve_in_background(self.httpd)
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_port}/kam/events"

    @property
    def received(self):
        return self.state.received
