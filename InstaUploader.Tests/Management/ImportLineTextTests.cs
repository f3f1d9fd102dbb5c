using InstaUploader.Web.Features.Accounts;

namespace InstaUploader.Tests.Management;

/// <summary>An import's problem lines are reported as typed, with every password and 2FA secret hidden (issue 23).</summary>
public sealed class ImportLineTextTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice:s3cret", "alice:••••")]
    [InlineData("alice:s3cret:TOTPKEY:a@mail.test:mailpw", "alice:••••:••••:a@mail.test:••••")]
    [InlineData("alice:s3cret::a@mail.test::10.0.0.1:3128:bob:pxpw", "alice:••••::a@mail.test::10.0.0.1:3128:bob:••••")]
    [InlineData("alice:s3cret::::http://bob:pxpw@10.0.0.1:3128", "alice:••••::::http://bob:••••@10.0.0.1:3128")]
    public void Account_lines_keep_their_shape_and_lose_their_secrets(string line, string shown) =>
        Assert.Equal(shown, ImportLineText.Account(line));

    [Theory]
    [InlineData("10.0.0.1:3128", "10.0.0.1:3128")]
    [InlineData("10.0.0.1:3128:bob:pxpw", "10.0.0.1:3128:bob:••••")]
    [InlineData("bob:pxpw@10.0.0.1:3128", "bob:••••@10.0.0.1:3128")]
    [InlineData("socks5://bob:p@ss@10.0.0.1:1080", "socks5://bob:••••@10.0.0.1:1080")]
    [InlineData("http://10.0.0.1:3128", "http://10.0.0.1:3128")]
    [InlineData("not a proxy", "not a proxy")]
    public void Proxy_lines_keep_their_shape_and_lose_their_password(string line, string shown) =>
        Assert.Equal(shown, ImportLineText.Proxy(line));

    [Fact]
    public void A_very_long_line_is_cut() =>
        Assert.Equal(301, ImportLineText.Proxy(new string('x', 5000)).Length);
}
