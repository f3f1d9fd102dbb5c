using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Scrape;

/// <summary>
/// The body of a claimed scrape task, in the team's claim_next shape: <c>kind</c> is the task type, the scraping
/// account carries the secrets the worker logs in with (never log this object).
/// </summary>
public sealed record ScrapeClaim(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("task_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? TaskId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("blog_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] Guid? BlogId,
    [property: JsonPropertyName("lease_expires_at")] DateTime LeaseExpiresAt,
    [property: JsonPropertyName("account")] ScrapeClaimAccount Account,
    [property: JsonPropertyName("payload")] JsonElement Payload)
{
    /// <summary>Claim bodies say in_progress (as upload items do) while the scrape task itself is running.</summary>
    public const string InProgress = ItemStatuses.InProgress;

    public override string ToString() => $"ScrapeClaim {{ Id = {Id}, Kind = {Kind}, Account = {Account.Username} }}";
}

public sealed record ScrapeClaimAccount(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("tfa_secret"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? TfaSecret,
    [property: JsonPropertyName("email"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Email,
    [property: JsonPropertyName("email_password"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? EmailPassword,
    [property: JsonPropertyName("session"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Session,
    [property: JsonPropertyName("proxy"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] ScrapeProxyBlock? Proxy)
{
    public override string ToString() => $"ScrapeClaimAccount {{ Username = {Username} }}";
}

/// <summary>A scraping account's proxy as its claim carries it (secrets included).</summary>
public sealed record ScrapeProxyBlock(
    [property: JsonPropertyName("scheme")] string Scheme,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password)
{
    public override string ToString() => $"ScrapeProxyBlock {{ Scheme = {Scheme}, Host = {Host}, Port = {Port} }}";
}
