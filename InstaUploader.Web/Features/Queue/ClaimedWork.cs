using System.Data.Common;
using InstaUploader.Contracts.Queue;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// A claimed item with everything its payload needs, as one claim statement returns it: the item under its new
/// lease, its task's kind and options, the account with the account's proxy, and the item's own proxy and media.
/// Secret columns arrive decrypted.
/// </summary>
public sealed record ClaimedWork(TaskItem Item, string TaskKind, string TaskOptions, Proxy? ItemProxy, MediaBlock? Media)
{
    /// <summary>What the claim statement selects from its <c>claimed</c> CTE (the updated item row) and the joins.</summary>
    internal const string SelectSql = """
        SELECT c.id, c.task_id, c.kind, c.position, c.status, c.attempts, c.max_attempts, c.lease_owner, c.lease_expires_at,
               c.created_at, c.started_at, c.account_id, c.proxy_id, c.media_id,
               t.kind AS task_kind, t.options::text AS task_options,
               a.id AS a_id, a.username AS a_username, a.password AS a_password, a.two_factor_secret AS a_two_factor_secret,
               a.email_login AS a_email_login, a.email_password AS a_email_password, a.dolphin_profile_id AS a_dolphin_profile_id,
               a.session_settings AS a_session_settings, a.cookies AS a_cookies,
               ap.id AS ap_id, ap.scheme AS ap_scheme, ap.host AS ap_host, ap.port AS ap_port, ap.username AS ap_username, ap.password AS ap_password,
               ip.id AS ip_id, ip.scheme AS ip_scheme, ip.host AS ip_host, ip.port AS ip_port, ip.username AS ip_username, ip.password AS ip_password,
               m.id AS m_id, m.kind AS m_kind, m.file_name AS m_file_name, m.sha256 AS m_sha256, m.size_bytes AS m_size_bytes
        FROM claimed c
        JOIN tasks t ON t.id = c.task_id
        LEFT JOIN accounts a ON a.id = c.account_id
        LEFT JOIN proxies ap ON ap.id = a.proxy_id
        LEFT JOIN proxies ip ON ip.id = c.proxy_id
        LEFT JOIN media m ON m.id = c.media_id
        """;

    /// <summary>Reads the current row of a reader over <see cref="SelectSql"/>; <paramref name="unprotect"/> decrypts secret columns.</summary>
    internal static ClaimedWork Read(DbDataReader r, Func<string, string> unprotect)
    {
        T? Get<T>(string column)
        {
            var ordinal = r.GetOrdinal(column);
            return r.IsDBNull(ordinal) ? default : r.GetFieldValue<T>(ordinal);
        }

        string? Secret(string column) => Get<string>(column) is { } stored ? unprotect(stored) : null;

        Proxy? ReadProxy(string prefix) => Get<int?>(prefix + "id") is { } id
            ? new Proxy
            {
                Id = id,
                Scheme = Get<string>(prefix + "scheme")!,
                Host = Get<string>(prefix + "host")!,
                Port = Get<int>(prefix + "port"),
                Username = Get<string>(prefix + "username"),
                Password = Secret(prefix + "password"),
            }
            : null;

        var account = Get<int?>("a_id") is { } accountId
            ? new Account
            {
                Id = accountId,
                Username = Get<string>("a_username")!,
                Password = Secret("a_password")!,
                TwoFactorSecret = Secret("a_two_factor_secret"),
                EmailLogin = Get<string>("a_email_login"),
                EmailPassword = Secret("a_email_password"),
                DolphinProfileId = Get<string>("a_dolphin_profile_id"),
                SessionSettings = Secret("a_session_settings"),
                Cookies = Secret("a_cookies"),
                Proxy = ReadProxy("ap_"),
            }
            : null;

        var item = new TaskItem
        {
            Id = Get<long>("id"),
            TaskId = Get<int>("task_id"),
            Kind = Get<string>("kind")!,
            Position = Get<int>("position"),
            Status = Get<string>("status")!,
            Attempts = Get<int>("attempts"),
            MaxAttempts = Get<int>("max_attempts"),
            LeaseOwner = Get<string>("lease_owner"),
            LeaseExpiresAt = Get<DateTimeOffset?>("lease_expires_at"),
            CreatedAt = Get<DateTimeOffset>("created_at"),
            StartedAt = Get<DateTimeOffset?>("started_at"),
            AccountId = Get<int?>("account_id"),
            Account = account,
            ProxyId = Get<int?>("proxy_id"),
            MediaId = Get<int?>("media_id"),
        };

        var media = Get<int?>("m_id") is { } mediaId
            ? new MediaBlock(mediaId, Get<string>("m_kind")!, Get<string>("m_file_name")!, Get<string>("m_sha256")!, Get<long>("m_size_bytes"))
            : null;

        return new ClaimedWork(item, Get<string>("task_kind")!, Get<string>("task_options") ?? "{}", ReadProxy("ip_"), media);
    }
}
