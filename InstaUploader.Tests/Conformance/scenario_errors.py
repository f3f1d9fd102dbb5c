"""The errors scenario: each refusal only a person can clear, as the Sandbox injects it, meets the reference's own
exception (instagrapi mixins/private.py:486-607, mixins/auth.py:794-806, mixins/challenge.py:152-167).

Input: password, accounts (fault name -> username, "none" for a healthy one)."""
import requests

from conformance import config, expect_raised, new_client, step
from instagrapi.exceptions import AccountSuspended, ChallengeRequired, SentryBlock, TwoFactorRequired, UnknownError

accounts = config["accounts"]
password = config["password"]


def raised_with(action, kind, words):
    """The reference's own exception type, and what it says (instagrapi has no type for needs_upgrade and kin)."""
    detail = expect_raised(action, kind)
    if words.lower() not in detail.lower():
        raise AssertionError(f"{kind.__name__} without {words!r}: {detail}")
    return detail


def login(client, fault):
    return lambda: client.login(accounts[fault], password)


def old_app():
    client = new_client()
    client.set_device({"app_version": "364.0.0.35.86"})  # one of the reference's own older builds (config.py:34-38)
    return raised_with(login(client, "none"), UnknownError, "out of date")


def foreign_bloks_id():
    client = new_client()
    client.bloks_versioning_id = "8ccf54aad76788a6ca03ddfc33afcdcf692f2f5a3ba814ea73d5facba7fa2c2d"  # 364's, sent as 428
    return raised_with(login(client, "none"), UnknownError, "out of date")


def reraise(client, error):
    raise error


def masked_checkpoint():
    client = new_client()
    client.login(accounts["masked"], password)
    faults = requests.put(f"{config['base']}sandbox/api/accounts/{accounts['masked']}/faults", json={"maskedCheckpoint": 1})
    faults.raise_for_status()
    # The reference's documented hook for its own errors; without it, private_request would try to resolve a
    # challenge that has no api_path (the bare 404 carries none).
    client.handle_exception = reraise
    return expect_raised(client.account_info, ChallengeRequired)


step("an app version Instagram no longer serves gets needs_upgrade (UnknownError)", old_app)
step("a Bloks id of another build is refused (UnknownError)", foreign_bloks_id)
step("sentry_block raises SentryBlock", lambda: expect_raised(login(new_client(), "sentry"), SentryBlock))
step("block_eu_user_login_in_old_app raises UnknownError",
     lambda: raised_with(login(new_client(), "eu"), UnknownError, "update Instagram to the latest version"))
step("checkpoint_required raises UnknownError",
     lambda: raised_with(login(new_client(), "checkpoint"), UnknownError, "checkpoint_required"))
step("a native_flow challenge raises ChallengeRequired (manual verification)",
     lambda: raised_with(login(new_client(), "native_flow"), ChallengeRequired, "native challenge flow"))
step("an auth_platform challenge raises ChallengeRequired (manual verification)",
     lambda: raised_with(login(new_client(), "auth_platform"), ChallengeRequired, "auth platform"))
step("a Bloks two-factor login raises TwoFactorRequired",
     lambda: raised_with(login(new_client(), "bloks_2fa"), TwoFactorRequired, "Bloks two-factor context"))
step("a bare 404 Not Found raises ChallengeRequired", masked_checkpoint)
step("a suspended account raises AccountSuspended", lambda: expect_raised(login(new_client(), "banned"), AccountSuspended))
