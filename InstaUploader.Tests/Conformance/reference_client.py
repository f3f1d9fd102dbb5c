"""Runs instagrapi, unmodified, against the Sandbox and prints one JSON line per step.

Requests for Instagram's hosts are re-targeted by wrapping requests' transport adapter; instagrapi itself is
imported from ../shared/reference/instagrapi as released. Input (stdin, JSON): reference, base, username,
password, target. Each step prints {"step", "ok", "detail"}; a step is ok when the reference's own models parse
the answer or its own exception is raised where one is expected.
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
from instagrapi.types import Account, Relationship, User  # noqa: E402


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


client = Client()
client.delay_range = [0, 0]
step("login", lambda: client.login(config["username"], config["password"]) or (_ for _ in ()).throw(AssertionError("login returned false")))
step("account_info parses Account", lambda: expect_type(client.account_info(), Account))
target_pk = None


def look_up_target():
    global target_pk
    user = expect_type(client.user_info_by_username_v1(config["target"]), User)
    target_pk = user.pk
    return user


step("user_info_by_username_v1 parses User", look_up_target)
step("user_info_by_username_gql (web_profile_info for browsers) parses User",
     lambda: expect_type(client.user_info_by_username_gql(config["target"]), User))
step("user_follow", lambda: client.user_follow(target_pk) or (_ for _ in ()).throw(AssertionError("not following")))


def friendship():
    relationship = expect_type(client.user_friendship_v1(target_pk), Relationship)
    if not relationship.following:
        raise AssertionError(f"not following: {relationship!r}")
    return relationship


step("user_friendship_v1 parses Relationship", friendship)
step("account_edit (biography) parses Account",
     lambda: expect_type(client.account_edit(biography="edited by the reference"), Account))
step("edit_profile without email or phone is refused",
     lambda: expect_refused(lambda: client.private_request("accounts/edit_profile/", client.with_default_data(
         {"biography": "no contact point", "first_name": "x", "username": config["username"]})),
         "email or confirmed phone"))


def reuse_saved_session():
    settings = client.get_settings()
    reused = Client()
    reused.delay_range = [0, 0]
    reused.set_settings(settings)
    if not reused.login(config["username"], config["password"]):
        raise AssertionError("login with saved settings returned false")
    return expect_type(reused.account_info(), Account)


step("load_settings + login reuses the session", reuse_saved_session)
