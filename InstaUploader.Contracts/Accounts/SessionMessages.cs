using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Accounts;

/// <summary>What a worker learned about an account after a run (secrets: the mobile session and cookie jar).</summary>
public sealed record SessionRequest(
    [property: JsonPropertyName("session_settings"), MaxLength(ProtocolLimits.MaxAccountState)] string? SessionSettings,
    [property: JsonPropertyName("cookies"), MaxLength(ProtocolLimits.MaxAccountState)] string? Cookies,
    [property: JsonPropertyName("cookies_count")] int? CookiesCount,
    [property: JsonPropertyName("logged_in")] bool? LoggedIn,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error"), MaxLength(ProtocolLimits.MaxText)] string? Error)
{
    public override string ToString() => $"SessionRequest {{ CookiesCount = {CookiesCount}, LoggedIn = {LoggedIn}, Status = {Status} }}";
}

public sealed record SessionAnswer(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("cookies_count")] int? CookiesCount,
    [property: JsonPropertyName("last_login_at")] DateTimeOffset? LastLoginAt);
