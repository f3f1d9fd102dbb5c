"""The checkpoint scenario: two-factor login, the e-mailed challenge code (answered with action close, then a second
login), and the refusals the Sandbox injects, each raising the reference's own exception."""
import contextlib
import re
import sys

from conformance import config, expect_raised, expect_type, new_client, sandbox_api, step
from instagrapi.exceptions import FeedbackRequired, LoginRequired
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
    # The reference prints the code it entered; stdout carries only the steps.
    with contextlib.redirect_stdout(sys.stderr):
        logged_in = challenged.login(config["challenge_user"], config["password"])
    if not logged_in:
        raise AssertionError("login returned false")
    return expect_type(challenged.account_info(), Account)


step("challenge by e-mail code, then login again", challenge_login)

client = new_client()
step("login", lambda: client.login(config["username"], config["password"]) or (_ for _ in ()).throw(AssertionError("login returned false")))


def rate_limited():
    # The reference's requests session retries a 429 after its Retry-After (session_retry_statuses and
    # session_retry_total in mixins/private.py:135-137), so one refusal is waited out and the call succeeds.
    sandbox_api("PUT", f"accounts/{config['username']}/faults", {"rateLimit": 1, "retryAfterSeconds": 1})
    account = expect_type(client.account_info(), Account)
    left = sandbox_api("GET", f"accounts/{config['username']}")["faults"]["rateLimit"]
    if left != 0:
        raise AssertionError(f"the 429 was never served: {left} refusals left")
    return account.username


step("429 with Retry-After is waited out and retried", rate_limited)


def feedback_required():
    sandbox_api("PUT", f"accounts/{config['username']}/faults", {"feedbackRequired": 1})
    return expect_raised(lambda: client.media_like(config["media_id"]), FeedbackRequired)


step("feedback_required raises FeedbackRequired", feedback_required)


def login_required():
    client.logout()
    return expect_raised(client.account_info, LoginRequired)


step("login_required raises LoginRequired", login_required)
