using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Queue;

/// <summary>
/// The Instagram account a work item runs as, secrets decrypted (never log it): the original aggregate's names
/// (tfa_secret, email_username) plus the saved session and cookies.
/// </summary>
public sealed record AccountBlock(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("tfa_secret")] string? TfaSecret,
    [property: JsonPropertyName("email_username")] string? EmailUsername,
    [property: JsonPropertyName("email_password")] string? EmailPassword,
    [property: JsonPropertyName("dolphin_profile_id")] string? DolphinProfileId,
    [property: JsonPropertyName("proxy")] ProxyBlock? Proxy,
    [property: JsonPropertyName("session_settings")] string? SessionSettings,
    [property: JsonPropertyName("cookies")] string? Cookies)
{
    public override string ToString() => $"AccountBlock {{ Id = {Id}, Username = {Username} }}";
}

/// <summary>
/// A proxy under our names (scheme, username, password) and the original worker's ProxyData names beside them
/// (type, user, pass): its model ignores unknown keys, so without them it would lose the credentials.
/// </summary>
public sealed record ProxyBlock(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("scheme")] string Scheme,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("pass")] string? Pass)
{
    public static ProxyBlock Of(int id, string scheme, string host, int port, string? username, string? password) =>
        new(id, scheme, scheme, host, port, username, password, username, password);

    public override string ToString() => $"ProxyBlock {{ Id = {Id}, Scheme = {Scheme}, Host = {Host}, Port = {Port} }}";
}

/// <summary>The media file an item works on (a uniquifier copy, ...): what the worker needs to fetch and check it.</summary>
public sealed record MediaBlock(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size_bytes")] long SizeBytes);

/// <summary>A video of a bulk upload task, in the order it is posted.</summary>
public sealed record VideoBlock(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("task_video_id")] int TaskVideoId,
    [property: JsonPropertyName("order")] int Order,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("mentions")] string? Mentions,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("size_bytes")] long? SizeBytes,
    [property: JsonPropertyName("url")] string? Url);

/// <summary>A follow category as a follow payload names it.</summary>
public sealed record CategoryBlock(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name);
