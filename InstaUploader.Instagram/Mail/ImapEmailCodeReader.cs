using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InstaUploader.Instagram.Mail;

/// <summary>
/// Polls the account's INBOX over IMAP (MailKit) for the newest Instagram mail received after a moment and
/// returns the 6-digit code in it. The mailbox is opened read-only; nothing is deleted or marked.
/// </summary>
public sealed class ImapEmailCodeReader(IOptions<ImapOptions> options, TimeProvider time, ILogger<ImapEmailCodeReader> logger)
    : IEmailCodeReader
{
    public async Task<string?> WaitForCodeAsync(string email, string password, DateTimeOffset since, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                if (await ReadNewestCodeAsync(email, password, since, ct) is { } code)
                {
                    return code;
                }
            }
            catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning("Mailbox of {Email} not readable yet: {Reason}", email, e.Message);
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(left < options.Value.PollInterval ? left : options.Value.PollInterval, time, ct);
        }
    }

    private async Task<string?> ReadNewestCodeAsync(string email, string password, DateTimeOffset since, CancellationToken ct)
    {
        var server = options.Value.ServerFor(email);
        using var client = new ImapClient();
        await client.ConnectAsync(server.Host, server.Port, server.Security, ct);
        await client.AuthenticateAsync(email, password, ct);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly, ct);

        // SINCE has day granularity; the exact cut-off is applied to each message's Date below.
        var uids = await inbox.SearchAsync(SearchQuery.DeliveredAfter(since.UtcDateTime.Date.AddDays(-1)), ct);
        string? code = null;
        foreach (var uid in uids.OrderByDescending(u => u.Id))
        {
            var message = await inbox.GetMessageAsync(uid, ct);
            if (message.Date < since || !FromInstagram(message))
            {
                continue;
            }

            code = CodeIn(message);
            if (code is not null)
            {
                break;
            }
        }

        await client.DisconnectAsync(true, ct);
        return code;
    }

    private static bool FromInstagram(MimeMessage message) =>
        message.From.Mailboxes.Any(m => m.Address.Contains("instagram", StringComparison.OrdinalIgnoreCase)
                                        || m.Address.Contains("facebookmail", StringComparison.OrdinalIgnoreCase));

    private static string? CodeIn(MimeMessage message) =>
        SecurityCodeText.Find(message.Subject, message.TextBody, message.HtmlBody);
}
