"""What every conformance scenario shares: instagrapi, unmodified, with its requests re-targeted to the Sandbox.

Requests for Instagram's hosts are re-targeted by wrapping requests' transport adapter; instagrapi itself is
imported from ../shared/reference/instagrapi as released. Input (stdin, JSON): at least reference and base, then
what the scenario needs. Each step prints {"step", "ok", "detail"}; a step is ok when the reference's own models
parse the answer or its own exception is raised where one is expected.
"""
import json
import sys
import traceback
from urllib.parse import urlsplit, urlunsplit

config = json.load(sys.stdin)
sys.path.insert(0, config["reference"])
# Debian's python3-pil, python3-pycryptodome and python3-socks, behind this interpreter's own requests and pydantic.
sys.path.append("/usr/lib/python3/dist-packages")

import requests.adapters  # noqa: E402

INSTAGRAM_HOSTS = {"i.instagram.com", "www.instagram.com", "instagram.com"}
sandbox = urlsplit(config["base"])
original_send = requests.adapters.HTTPAdapter.send


def send_to_sandbox(self, request, **kwargs):
    url = urlsplit(request.url)
    if url.hostname not in INSTAGRAM_HOSTS:
        return original_send(self, request, **kwargs)
    original_url = request.url
    request.url = urlunsplit((sandbox.scheme, sandbox.netloc, url.path, url.query, url.fragment))
    try:
        return original_send(self, request, **kwargs)
    finally:
        # Cookies are then filed under Instagram's host, as the reference would see them.
        request.url = original_url


requests.adapters.HTTPAdapter.send = send_to_sandbox

from instagrapi import Client  # noqa: E402
from instagrapi.exceptions import ClientError  # noqa: E402


def step(name, action):
    try:
        detail = action()
        print(json.dumps({"step": name, "ok": True, "detail": str(detail)[:300]}), flush=True)
    except Exception as error:  # every failure is reported, the run goes on
        detail = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"
        print(json.dumps({"step": name, "ok": False, "detail": detail[:2000]}), flush=True)


def expect_type(value, kind):
    if not isinstance(value, kind):
        raise AssertionError(f"expected {kind.__name__}, got {type(value).__name__}: {value!r}")
    return value


def expect_refused(action, words):
    try:
        action()
    except ClientError as error:
        if words.lower() not in str(error).lower():
            raise AssertionError(f"refused, but with {error!r}")
        return repr(error)
    raise AssertionError("accepted")




def expect_raised(action, kind):
    """The reference's own exception type, raised where Instagram refuses."""
    try:
        action()
    except kind as error:
        return repr(error)
    raise AssertionError(f"expected {kind.__name__}, nothing was raised")


def new_client():
    client = Client()
    client.delay_range = [0, 0]
    return client


def sandbox_api(method, path, body=None):
    """The Sandbox's control API (/sandbox/api/...), e.g. to inject a fault or read the mail an account received."""
    import urllib.request

    request = urllib.request.Request(
        config["base"].rstrip("/") + "/sandbox/api/" + path.lstrip("/"),
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None
