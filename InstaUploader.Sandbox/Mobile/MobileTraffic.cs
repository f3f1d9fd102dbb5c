using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Notes, per account, how its mobile requests arrived: a forward proxy such as tinyproxy adds a <c>Via</c> header,
/// so a request with one came through a proxy. Tests read it back to see an account's traffic took its proxy.
/// </summary>
internal static class MobileTraffic
{
    public static void Record(SandboxStore store, string username, HttpContext http, DateTimeOffset now)
    {
        var via = http.Request.Headers.Via.ToString();
        var address = http.Connection.RemoteIpAddress;
        var remote = address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4().ToString() : address?.ToString();
        store.Mobile.Traffic.GetOrAdd(username, _ => new MobileTrafficLog())
            .Add(via.Length > 0 ? via : null, remote, http.Request.Method + " " + http.Request.Path, now);
    }
}
