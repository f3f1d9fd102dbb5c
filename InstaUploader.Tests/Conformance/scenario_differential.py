"""The differential scenario: the reference performs the product's mobile actions once each, so the Sandbox's
request recorder holds its requests for ReferenceDifferentialTests to compare with our client's."""
import contextlib
import sys

from conformance import config, expect_type, new_client, step
from instagrapi.types import Account, Media, User, UserShort

client = new_client()
step("android_device_id", lambda: client.android_device_id)
step("login", lambda: client.login(config["username"], config["password"]) or (_ for _ in ()).throw(AssertionError("login returned false")))
step("account_info", lambda: expect_type(client.account_info(), Account))
step("user_info_by_username_v1", lambda: expect_type(client.user_info_by_username_v1(config["target"]), User))
step("user_follow", lambda: client.user_follow(config["target_pk"]) or (_ for _ in ()).throw(AssertionError("not following")))
step("media_like", lambda: client.media_like(config["media_id"]) or (_ for _ in ()).throw(AssertionError("not liked")))
step("account_set_biography", lambda: client.account_set_biography("same action, same request") or (_ for _ in ()).throw(AssertionError("refused")))
step("set_external_url", lambda: client.set_external_url("https://example.com/same"))
step("account_change_picture", lambda: expect_type(client.account_change_picture(config["image"]), UserShort))


def clip_upload():
    # instagrapi prints its progress; stdout carries only the steps.
    with contextlib.redirect_stdout(sys.stderr):
        return expect_type(client.clip_upload(config["video"], "same action", thumbnail=config["image"], configure_timeout=1), Media)


step("clip_upload", clip_upload)
