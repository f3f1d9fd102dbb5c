using System.Net;
using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

/// <summary>One answer of the private API before it is judged: login steps read failures themselves.</summary>
internal sealed record MobileResponse(HttpStatusCode StatusCode, JsonObject? Json, string Text, TimeSpan? RetryAfter)
{
    public bool IsOk => (int)StatusCode is >= 200 and < 300 && Json is not null && Json["status"]?.ToString() != "fail";

    public JsonObject EnsureOk() => IsOk ? Json! : throw MobileErrorMapper.Map(this);
}
