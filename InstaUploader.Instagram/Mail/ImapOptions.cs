using MailKit.Security;

namespace InstaUploader.Instagram.Mail;

/// <summary>
/// Where account mailboxes are read ("Instagram:Imap"): one default server, and per e-mail domain its own
/// (<c>Instagram:Imap:Domains:outlook.com:Host=outlook.office365.com</c>); each account logs in with its own address.
/// </summary>
public sealed class ImapOptions
{
    public const string Section = "Instagram:Imap";

    public string Host { get; set; } = "imap.gmail.com";
    public int Port { get; set; } = 993;
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>Servers by the mailbox's domain (case-insensitive); a domain not listed uses <see cref="Host"/>.</summary>
    public Dictionary<string, ImapServer> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the mailbox is checked while waiting for a code.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public ImapServer ServerFor(string email)
    {
        var at = email.LastIndexOf('@');
        var domain = at < 0 ? "" : email[(at + 1)..];
        return Domains.TryGetValue(domain, out var server) ? server : new ImapServer { Host = Host, Port = Port, Security = Security };
    }
}

public sealed class ImapServer
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 993;
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
}
