"""Posting JSON to an address outside KAM, and only where an administrator allowed.

A chat robot's webhook (and later any outgoing webhook) is an address someone typed;
unchecked, it would let them make our server call an internal service. So:

- the scheme is https, the host is one listed in KAM_WEBHOOK_HOSTS; plain http only
  for a loopback host listed there (tests, a local receiver);
- at send time the host is resolved again, and an address that is not public
  (private, loopback, link-local, reserved …) is refused unless the host is a
  loopback one listed explicitly; the connection then goes to exactly the address
  checked, so a DNS answer cannot change between the check and the request;
- redirects are not followed, the answer is read up to 64 KB, and every step has a
  timeout (KAM_WEBHOOK_TIMEOUT_SECONDS).

Nothing here logs or repeats the address's query string: it may hold a token.
"""

import http.client
import ipaddress
import json
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
MAX_ANSWER = 64 * 1024


class DeliveryError(Exception):
    """The message did not get through. ``permanent``: retrying cannot help."""

    permanent = False


class Unreachable(DeliveryError):
    """No answer: refused, timed out, cut off (the receiver may be down)."""


class Rejected(DeliveryError):
    """The receiver answered, with an error."""


class AddressRefused(DeliveryError):
    """Not an address we post to."""

    permanent = True


@dataclass(frozen=True)
class Answer:
    status: int
    text: str

    def json(self):
        try:
            data = json.loads(self.text)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None


def _is_loopback_name(host):
    return host in LOOPBACK_NAMES or host.startswith("127.")


def address_problem(url):
    """Why ``url`` may not be posted to, or None. Checks the text only."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return _("This is not a web address.")
    if any(char.isspace() or not char.isprintable() for char in url):
        return _("The address may not contain spaces or control characters.")
    if parts.scheme not in ("https", "http") or not host:
        return _("Enter the full address, starting with https://.")
    if parts.username or parts.password:
        return _("The address may not contain a user name or password.")
    if host not in settings.KAM_WEBHOOK_HOSTS:
        return _(
            "%(host)s is not a host robots may be reached on. An administrator "
            "allows hosts with KAM_WEBHOOK_HOSTS (now: %(allowed)s)."
        ) % {"host": host, "allowed": ", ".join(settings.KAM_WEBHOOK_HOSTS)}
    if parts.scheme == "http" and not _is_loopback_name(host):
        return _("The address must start with https://.")
    return None


def validate_address(url):
    """A model and form validator: an https address on an allowed host."""
    problem = address_problem(url)
    if problem:
        raise ValidationError(problem, code="address")


def _checked_ip(host, port):
    """The address to connect to: the first the host resolves to, if it is public
    (or loopback, for a loopback host the administrator listed)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Unreachable(f"{host} could not be resolved ({error})") from None
    for *_rest, sockaddr in found:
        ip = ipaddress.ip_address(sockaddr[0])
        if ip.is_global or (ip.is_loopback and _is_loopback_name(host)):
            return str(ip)
        raise AddressRefused(f"{host} resolves to {ip}, which is not a public address")
    raise Unreachable(f"{host} has no address")


class _Pinned:
    """Connect to the checked address, while TLS checks the certificate for the host."""

    def __init__(self, ip, *args, **kwargs):
        self._ip = ip
        super().__init__(*args, **kwargs)

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        if isinstance(self, http.client.HTTPSConnection):
            sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock = sock


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    pass


def post_json(url, payload, *, timeout=None, headers=None):
    """POST ``payload`` as UTF-8 JSON; the answer, whatever its status. Raises
    AddressRefused or Unreachable; the error names the host, never the query."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    return post_body(url, body, timeout=timeout, headers=headers)


def post_body(url, body, *, timeout=None, headers=None):
    """POST these exact JSON bytes (a signed body must reach the receiver as it
    was signed); as ``post_json``."""
    problem = address_problem(url)
    if problem:
        raise AddressRefused(str(problem))
    parts = urlsplit(url)
    host = parts.hostname.lower()
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    timeout = timeout or settings.KAM_WEBHOOK_TIMEOUT_SECONDS
    ip = _checked_ip(host, port)
    if secure:
        connection = _PinnedHTTPS(
            ip, host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = _PinnedHTTP(ip, host, port, timeout=timeout)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    try:
        connection.request(
            "POST",
            target,
            body=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "KAM",
                **(headers or {}),
            },
        )
        response = connection.getresponse()
        text = response.read(MAX_ANSWER).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        reason = str(error) or type(error).__name__
        raise Unreachable(f"{host} did not answer: {reason}") from None
    finally:
        connection.close()
    return Answer(status=response.status, text=text)


def read_code(answer, platform, code="errcode", message="errmsg"):
    """A platform's JSON answer ``{code: 0, message: …}`` in a line, or Rejected
    naming its error code (or its HTTP status, when it sent no code)."""
    data = answer.json() or {}
    value = data.get(code)
    if answer.status == 200 and value == 0:
        return f"{code} 0 {data.get(message, '')}".strip()
    if value is not None:
        raise Rejected(f"{platform} {code} {value}: {data.get(message, '')}")
    raise Rejected(f"{platform} answered HTTP {answer.status}: {answer.text[:200]}")
