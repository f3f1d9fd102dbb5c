using InstaUploader.Instagram.Mail;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mail;

public sealed class SecurityCodeTextTests
{
    private const string InstagramHtml = """
        <html><head><style>body{color:#262626}.footer{color:#8e8e8e}</style></head>
        <body><table style="color:#262626"><tr><td><p>Hi user_123456,</p><p>Use the following code to confirm your identity:</p></td></tr>
        <tr><td style="font-size:32px"><font size="6">418093</font></td></tr>
        <tr><td class="footer">&copy; Instagram. Meta Platforms, Inc., 1601 Willow Road, Menlo Park, CA 94025</td></tr></table></body></html>
        """;

    [Fact]
    public void The_code_in_Instagrams_HTML_mail_is_found_not_a_colour_or_the_greeting()
    {
        Assert.Equal("418093", SecurityCodeText.Find("Verify your account", null, InstagramHtml));
    }

    [Fact]
    public void A_colour_in_inline_markup_is_never_taken_for_a_code()
    {
        Assert.Null(SecurityCodeText.Find(null, null, """<p style="color:#262626">No code here, colour #565a5c, &#123456;</p>"""));
    }

    [Fact]
    public void A_code_alone_on_its_line_wins_over_digits_in_the_greeting()
    {
        Assert.Equal("902113", SecurityCodeText.Find("Verify your account", "Hi user 123456,\n\n902113\n\nThanks", null));
    }

    [Fact]
    public void The_IMAP_server_is_chosen_by_the_mailbox_domain()
    {
        var options = new ImapOptions { Host = "imap.default.test" };
        options.Domains["Outlook.com"] = new ImapServer { Host = "outlook.office365.com", Port = 993 };

        Assert.Equal("outlook.office365.com", options.ServerFor("agency@outlook.com").Host);
        Assert.Equal("imap.default.test", options.ServerFor("agency@gmail.com").Host);
    }
}
