"""The checkpoint scenario: two-factor login, the e-mailed challenge code (answered with action close, then a second
login), and the refusals the Sandbox injects, each raising the reference's own exception."""
import re

from conformance import config, expect_raised, expect_type, new_client, sandbox_api, step
from instagrapi.exceptions import FeedbackRequired, LoginRequired, PleaseWaitFewMinutes
from instagrapi.types import Account

two_factor = new_client()
step("two-factor login with a TOTP code", lambda: two_factor.login(
    config["totp_user"], config["password"], verification_code=two_factor.totp_generate_code(config["totp_secret"]))
    or (_ for _ in ()).throw(AssertionError("login returned false")))


def mailed_code(username, choice):
    mails = sandbox_api("GET", f"mail/{config['challenge_email']}") or []
    codes = [re.search(r'<font size="6">(\d{6})</font>', m["body"]) for m in mails]
    codes = [c.group(1) for c in codes if c]
    return codes[-1] if codes else False


challenged = new_client()
challenged.challenge_code_handler = mailed_code


def challenge_login():
    if not challenged.login(config["challenge_user"], config["password"]):
        raise AssertionError("login returned false")
    return expect_type(challenged.account_info(), Account)


step("challenge by e-mail code, then login again", challenge_login)

client = new_client()
step("login", lambda: client.login(config["username"], config["password"]) or (_ for _ in ()).throw(AssertionError("login returned false")))


def rate_limited():
    sandbox_api("PUT", f"accounts/{config['username']}/faults", {"rateLimit": 1, "retryAfterSeconds": 7})
    try:
        client.account_info()
    except PleaseWaitFewMinutes as error:
        retry_after = error.response.headers.get("Retry-After")
        if retry_after != "7":
            raise AssertionError(f"Retry-After {retry_after!r}")
        return repr(error)
    raise AssertionError("expected PleaseWaitFewMinutes, nothing was raised")


step("429 with Retry-After raises PleaseWaitFewMinutes", rate_limited)


def feedback_required():
    sandbox_api("PUT", f"accounts/{config['username']}/faults", {"feedbackRequired": 1})
    return expect_raised(lambda: client.media_like(config["media_id"]), FeedbackRequired)


step("feedback_required raises FeedbackRequired", feedback_required)


def login_required():
    client.logout()
    return expect_raised(client.account_info, LoginRequired)


step("login_required raises LoginRequired", login_required)
