"""The media scenario: what the product does once logged in (timeline, like, bio, bio link, avatar, Reel, photo post),
each answered in a shape the reference's models parse."""
import contextlib
import sys

from conformance import config, expect_type, new_client, step
from instagrapi.types import Media, UserShort

client = new_client()
step("login", lambda: client.login(config["username"], config["password"]) or (_ for _ in ()).throw(AssertionError("login returned false")))


def timeline():
    feed = client.get_timeline_feed()
    if feed.get("status") != "ok" or "feed_items" not in feed:
        raise AssertionError(f"not a timeline: {str(feed)[:200]}")
    return len(feed["feed_items"])


step("get_timeline_feed", timeline)
step("media_like", lambda: client.media_like(config["media_id"]) or (_ for _ in ()).throw(AssertionError("not liked")))
step("account_set_biography", lambda: client.account_set_biography("set by the reference") or (_ for _ in ()).throw(AssertionError("refused")))


def bio_link():
    answer = client.set_external_url("https://example.com/reference")
    if answer.get("status") != "ok":
        raise AssertionError(f"refused: {answer}")
    return answer.get("user", {}).get("external_url")


step("set_external_url (update_bio_links)", bio_link)
step("account_change_picture parses UserShort", lambda: expect_type(client.account_change_picture(config["image"]), UserShort))


def quietly(action):
    # instagrapi prints its progress; stdout carries only the steps.
    with contextlib.redirect_stdout(sys.stderr):
        return action()


def reel():
    media = expect_type(quietly(lambda: client.clip_upload(config["video"], "reel by the reference", thumbnail=config["image"], configure_timeout=1)), Media)
    if media.media_type != 2 or media.product_type != "clips":
        raise AssertionError(f"not a reel: {media.media_type} {media.product_type}")
    return media.code


def photo():
    media = expect_type(quietly(lambda: client.photo_upload(config["image"], "photo by the reference")), Media)
    if media.media_type != 1:
        raise AssertionError(f"not a photo: {media.media_type}")
    return media.code


step("clip_upload parses Media", reel)
step("photo_upload parses Media", photo)
