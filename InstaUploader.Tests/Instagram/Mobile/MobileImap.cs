using InstaUploader.Instagram.Mail;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>The production IMAP code reader pointed at the Sandbox IMAP server.</summary>
internal static class MobileImap
{
    public static ImapEmailCodeReader Reader(SandboxFixture sandbox) => new(
        Options.Create(new ImapOptions
        {
            Host = "127.0.0.1", Port = sandbox.ImapPort, Security = SecureSocketOptions.None, PollInterval = TimeSpan.FromMilliseconds(200),
        }),
        TimeProvider.System,
        NullLogger<ImapEmailCodeReader>.Instance);
}
