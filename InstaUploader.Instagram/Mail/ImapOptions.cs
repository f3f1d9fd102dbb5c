using MailKit.Security;

namespace InstaUploader.Instagram.Mail;

/// <summary>Where account mailboxes are read ("Instagram:Imap"); one server for all accounts, each with its own login.</summary>
public sealed class ImapOptions
{
    public const string Section = "Instagram:Imap";

    public string Host { get; set; } = "imap.gmail.com";
    public int Port { get; set; } = 993;
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>How often the mailbox is checked while waiting for a code.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
