namespace InstaUploader.Web.Features.Proxies;

/// <summary>
/// Create/replace body. On update a null <see cref="Password"/> keeps the stored one and an empty string clears it.
/// </summary>
public sealed record ProxyRequest(string? Scheme, string? Host, int? Port, string? Username, string? Password);

/// <summary>A proxy as shown to operators: the password never leaves the server, only whether there is one.</summary>
public sealed record ProxyResponse(
    int Id,
    string Scheme,
    string Host,
    int Port,
    string? Username,
    bool HasPassword,
    string Display,
    string Status,
    DateTimeOffset? LastCheckedAt,
    int? LastLatencyMs,
    string? ExitIp,
    string? LastError,
    int AccountsCount,
    DateTimeOffset CreatedAt);
