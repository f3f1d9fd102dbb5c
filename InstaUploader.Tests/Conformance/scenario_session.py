"""The session scenario: log in, read the account and a user, follow, edit the profile, reuse the saved session."""
from conformance import config, expect_refused, expect_type, new_client, step
from instagrapi.types import Account, Relationship, User

client = new_client()
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
    reused = new_client()
    reused.set_settings(settings)
    if not reused.login(config["username"], config["password"]):
        raise AssertionError("login with saved settings returned false")
    return expect_type(reused.account_info(), Account)


step("load_settings + login reuses the session", reuse_saved_session)
