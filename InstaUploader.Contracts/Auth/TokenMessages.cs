using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Auth;

/// <summary>A worker signs in with its username and password for a short-lived access token and a refresh token.</summary>
public sealed record LoginRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password)
{
    public override string ToString() => $"LoginRequest {{ Username = {Username} }}";
}

public sealed record LoginAnswer(
    [property: JsonPropertyName("access")] string Access,
    [property: JsonPropertyName("refresh")] string Refresh,
    [property: JsonPropertyName("user")] TokenUser User)
{
    public override string ToString() => $"LoginAnswer {{ User = {User} }}";
}

public sealed record TokenUser(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("role")] string Role);

public sealed record RefreshRequest([property: JsonPropertyName("refresh")] string? Refresh)
{
    public override string ToString() => "RefreshRequest";
}

public sealed record RefreshAnswer([property: JsonPropertyName("access")] string Access)
{
    public override string ToString() => "RefreshAnswer";
}

/// <summary>The sign-in routes (anonymous).</summary>
public static class AuthRoutes
{
    public const string Prefix = "/api";
    public const string LoginTemplate = "/login/";
    public const string RefreshTemplate = "/token/refresh/";
    public const string Login = Prefix + LoginTemplate;
    public const string Refresh = Prefix + RefreshTemplate;
}
