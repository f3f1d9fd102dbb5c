using System.Text;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mail;

/// <summary>
/// One IMAP connection: CAPABILITY, LOGIN, LIST, SELECT/EXAMINE INBOX, (UID) SEARCH, (UID) FETCH, NOOP, LOGOUT.
/// The mailbox is read-only; a message's UID is its position among the mails to that address.
/// </summary>
internal sealed class ImapSession(Stream stream, SandboxStore store)
{
    private const string Capabilities = "IMAP4rev1 LITERAL+";
    private readonly Stream _stream = stream;
    private string? _user;
    private bool _selected;

    public async Task RunAsync(CancellationToken ct)
    {
        await WriteAsync($"* OK [CAPABILITY {Capabilities}] Sandbox IMAP ready\r\n", ct);
        while (!ct.IsCancellationRequested)
        {
            var line = await ReadCommandAsync(ct);
            if (line is null)
            {
                return;
            }

            var tokens = ImapTokens.Split(line);
            if (tokens.Count < 2)
            {
                await WriteAsync("* BAD Empty command\r\n", ct);
                continue;
            }

            var tag = tokens[0];
            var command = tokens[1].ToUpperInvariant();
            var uid = false;
            if (command == "UID" && tokens.Count > 2)
            {
                uid = true;
                command = tokens[2].ToUpperInvariant();
                tokens = [tag, .. tokens.Skip(2)];
            }

            if (!await HandleAsync(tag, command, tokens, uid, ct))
            {
                return;
            }
        }
    }

    private async Task<bool> HandleAsync(string tag, string command, List<string> args, bool uid, CancellationToken ct)
    {
        switch (command)
        {
            case "CAPABILITY":
                await WriteAsync($"* CAPABILITY {Capabilities}\r\n{tag} OK CAPABILITY completed\r\n", ct);
                return true;
            case "NOOP" or "CHECK":
                await WriteAsync($"{tag} OK {command} completed\r\n", ct);
                return true;
            case "LOGOUT":
                await WriteAsync($"* BYE Sandbox IMAP signing off\r\n{tag} OK LOGOUT completed\r\n", ct);
                return false;
            case "LOGIN":
                await LoginAsync(tag, args, ct);
                return true;
        }

        if (_user is null)
        {
            await WriteAsync($"{tag} NO Not authenticated\r\n", ct);
            return true;
        }

        switch (command)
        {
            case "LIST" or "LSUB":
                var pattern = args.Count > 3 ? args[3] : "";
                var list = pattern.Length == 0
                    ? $"* {command} (\\Noselect) \"/\" \"\"\r\n"
                    : $"* {command} (\\HasNoChildren) \"/\" INBOX\r\n";
                await WriteAsync($"{list}{tag} OK {command} completed\r\n", ct);
                break;
            case "SELECT" or "EXAMINE" or "STATUS":
                await SelectAsync(tag, command, args, ct);
                break;
            case "SEARCH" when _selected:
                await SearchAsync(tag, args.Skip(2).ToList(), uid, ct);
                break;
            case "FETCH" when _selected && args.Count > 3:
                await FetchAsync(tag, args[2], string.Join(' ', args.Skip(3)), uid, ct);
                break;
            case "CLOSE" or "UNSELECT":
                _selected = false;
                await WriteAsync($"{tag} OK {command} completed\r\n", ct);
                break;
            default:
                await WriteAsync($"{tag} BAD {command} not supported here\r\n", ct);
                break;
        }

        return true;
    }

    private async Task LoginAsync(string tag, List<string> args, CancellationToken ct)
    {
        var user = args.Count > 2 ? args[2] : "";
        var password = args.Count > 3 ? args[3] : "";
        var account = store.Accounts.Values.FirstOrDefault(a =>
            string.Equals(a.Email, user, StringComparison.OrdinalIgnoreCase) && a.EmailPassword is not null && a.EmailPassword == password);
        if (account is null)
        {
            await WriteAsync($"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n", ct);
            return;
        }

        _user = account.Email;
        await WriteAsync($"{tag} OK [CAPABILITY {Capabilities}] LOGIN completed\r\n", ct);
    }

    private async Task SelectAsync(string tag, string command, List<string> args, CancellationToken ct)
    {
        if (args.Count < 3 || !string.Equals(args[2], "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync($"{tag} NO Mailbox does not exist\r\n", ct);
            return;
        }

        var count = Messages().Count;
        if (command == "STATUS")
        {
            await WriteAsync($"* STATUS INBOX (MESSAGES {count} UIDNEXT {count + 1} UIDVALIDITY 1 UNSEEN 0)\r\n{tag} OK STATUS completed\r\n", ct);
            return;
        }

        _selected = true;
        var access = command == "EXAMINE" ? "READ-ONLY" : "READ-WRITE";
        await WriteAsync(
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n" +
            "* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n" +
            $"* {count} EXISTS\r\n* 0 RECENT\r\n" +
            "* OK [UIDVALIDITY 1] UIDs valid\r\n" +
            $"* OK [UIDNEXT {count + 1}] Predicted next UID\r\n" +
            $"{tag} OK [{access}] {command} completed\r\n", ct);
    }

    private async Task SearchAsync(string tag, List<string> criteria, bool uid, CancellationToken ct)
    {
        var messages = Messages();
        var matches = Enumerable.Range(1, messages.Count).Where(n => Matches(messages[n - 1], n, criteria));
        await WriteAsync($"* SEARCH {string.Join(' ', matches)}\r\n{tag} OK SEARCH completed\r\n".Replace("SEARCH \r\n", "SEARCH\r\n", StringComparison.Ordinal), ct);
    }

    private static bool Matches(SandboxMail mail, int number, List<string> criteria)
    {
        for (var i = 0; i < criteria.Count; i++)
        {
            var key = criteria[i].ToUpperInvariant();
            var value = i + 1 < criteria.Count ? criteria[i + 1] : "";
            switch (key)
            {
                case "SINCE" or "SENTSINCE" when ImapMessageFormat.TryParseSearchDate(value, out var since):
                    if (mail.At.UtcDateTime.Date < since.Date)
                    {
                        return false;
                    }

                    i++;
                    break;
                case "FROM":
                    if (!mail.From.Contains(value, StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    i++;
                    break;
                case "SUBJECT":
                    if (!mail.Subject.Contains(value, StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    i++;
                    break;
                case "UID":
                    if (!ImapTokens.InSet(value, number, int.MaxValue))
                    {
                        return false;
                    }

                    i++;
                    break;
                case "CHARSET" or "TO" or "BODY" or "TEXT":
                    i++;
                    break;
            }
        }

        return true;
    }

    private async Task FetchAsync(string tag, string set, string items, bool uid, CancellationToken ct)
    {
        var messages = Messages();
        var wanted = items.ToUpperInvariant();
        for (var n = 1; n <= messages.Count; n++)
        {
            if (!ImapTokens.InSet(set, n, messages.Count))
            {
                continue;
            }

            var mail = messages[n - 1];
            var raw = ImapMessageFormat.ToRfc822(mail, n);
            var parts = new List<string>();
            if (uid || wanted.Contains("UID", StringComparison.Ordinal))
            {
                parts.Add($"UID {n}");
            }

            if (wanted.Contains("FLAGS", StringComparison.Ordinal))
            {
                parts.Add("FLAGS (\\Seen)");
            }

            if (wanted.Contains("INTERNALDATE", StringComparison.Ordinal))
            {
                parts.Add($"INTERNALDATE \"{ImapMessageFormat.InternalDate(mail.At)}\"");
            }

            if (wanted.Contains("RFC822.SIZE", StringComparison.Ordinal))
            {
                parts.Add($"RFC822.SIZE {raw.Length}");
            }

            var head = $"* {n} FETCH ({string.Join(' ', parts)}";
            if (wanted.Contains("BODY[]", StringComparison.Ordinal) || wanted.Contains("BODY.PEEK[]", StringComparison.Ordinal)
                || wanted.Split(' ', '(', ')').Contains("RFC822"))
            {
                var name = wanted.Contains("BODY", StringComparison.Ordinal) ? "BODY[]" : "RFC822";
                await WriteAsync($"{head}{(parts.Count > 0 ? " " : "")}{name} {{{raw.Length}}}\r\n", ct);
                await _stream.WriteAsync(raw, ct);
                await WriteAsync(")\r\n", ct);
            }
            else
            {
                await WriteAsync(head + ")\r\n", ct);
            }
        }

        await WriteAsync($"{tag} OK FETCH completed\r\n", ct);
    }

    private List<SandboxMail> Messages() =>
        [.. store.Mail.Where(m => string.Equals(m.To, _user, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Reads one command line, pulling in {n} / {n+} literals (answering "+" for synchronizing ones).</summary>
    private async Task<string?> ReadCommandAsync(CancellationToken ct)
    {
        var command = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync(ct);
            if (line is null)
            {
                return null;
            }

            if (ImapTokens.TrailingLiteral(line) is not { } literal)
            {
                return command.Append(line).ToString();
            }

            command.Append(line.AsSpan(0, literal.Start));
            if (!literal.NonSynchronizing)
            {
                await WriteAsync("+ Ready for literal data\r\n", ct);
            }

            var bytes = new byte[literal.Length];
            await _stream.ReadExactlyAsync(bytes, ct);
            command.Append(ImapTokens.Quote(Encoding.UTF8.GetString(bytes)));
        }
    }

    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, ct) == 0)
            {
                return buffer.Count == 0 ? null : Encoding.UTF8.GetString([.. buffer]);
            }

            if (one[0] == '\n')
            {
                return Encoding.UTF8.GetString([.. buffer]).TrimEnd('\r');
            }

            buffer.Add(one[0]);
            if (buffer.Count > 64 * 1024)
            {
                throw new IOException("IMAP line too long.");
            }
        }
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await _stream.FlushAsync(ct);
    }
}
