using InstaUploader.Tests.Instagram;
using Xunit;

namespace InstaUploader.Tests.Conformance;

/// <summary>
/// instagrapi, the reference client of Instagram's private API (../shared/reference/instagrapi, unmodified), run
/// against the Sandbox: every step must end as the reference expects (its models parse the answer, its own
/// exception where Instagram refuses). One scenario per test, each in <c>scenario_*.py</c>.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ReferenceClientConformanceTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Session_scenario_log_in_read_follow_edit_and_reuse_the_session()
    {
        var username = SandboxFixture.UniqueName("ref");
        var target = SandboxFixture.UniqueName("reft");
        await sandbox.RegisterAccountAsync(username, "pw", email: $"{username}@example.com");
        await sandbox.RegisterAccountAsync(target, "pw");

        await ReferenceClient.AssertPassesAsync("session",
        [
            "login",
            "account_info parses Account",
            "user_info_by_username_v1 parses User",
            "user_info_by_username_gql (web_profile_info for browsers) parses User",
            "user_follow",
            "user_friendship_v1 parses Relationship",
            "account_edit (biography) parses Account",
            "edit_profile without email or phone is refused",
            "load_settings + login reuses the session",
        ], sandbox.BaseUrl, new { username, password = "pw", target });
    }
}
