"""Calling the API in tests as a script would: with a personal token, in JSON."""

import json

from django.test import Client

from accounts.services import api_token_create


class ApiClient:
    """A client that sends ``Authorization: Token …`` and JSON bodies."""

    def __init__(self, user=None, *, token=None, language=None):
        self.client = Client()
        self.headers = {}
        if user is not None and token is None:
            _row, token = api_token_create(user=user, name="tests")
        if token:
            self.headers["Authorization"] = f"Token {token}"
        if language:
            self.headers["Accept-Language"] = language

    def _call(self, method, url, body=None, **params):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        elif params:
            kwargs["data"] = params
        return getattr(self.client, method)(url, **kwargs)

    def get(self, url, **params):
        return self._call("get", url, **params)

    def post(self, url, body=None):
        return self._call("post", url, body if body is not None else {})

    def patch(self, url, body):
        return self._call("patch", url, body)

    def put(self, url, body):
        return self._call("put", url, body)

    def delete(self, url):
        return self._call("delete", url)
