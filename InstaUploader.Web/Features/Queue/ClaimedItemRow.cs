using System.Data.Common;
using InstaUploader.Contracts.Queue;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The row a claim statement returns: a claimed item with everything its payload needs: the item under its new
/// lease, its task's kind and options, the account with the account's proxy, and the item's own proxy and media.
/// Secret columns arrive decrypted.
/// </summary>
public sealed record ClaimedItemRow(TaskItem Item, string TaskKind, string TaskOptions, Proxy? ItemProxy, MediaBlock? Media)
{
    /// <summary>Reads the current row of a reader over a claim statement (<see cref="QueueSql.ClaimOne"/>, <see cref="QueueSql.ClaimMany"/>); <paramref name="unprotect"/> decrypts secret columns.</summary>
    internal static ClaimedItemRow Read(DbDataReader r, Func<string, string> unprotect)
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

        return new ClaimedItemRow(item, Get<string>("task_kind")!, Get<string>("task_options") ?? "{}", ReadProxy("ip_"), media);
    }
}
