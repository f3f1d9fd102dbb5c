namespace InstaUploader.Sandbox.Control;

/// <summary>
/// "What is my IP" for proxy diagnostics: the address the request came from, i.e. the proxy's exit address when
/// the request went through one.
/// </summary>
public static class IpEchoApi
{
    public static IEndpointRouteBuilder MapIpEchoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sandbox/api/ip", (HttpContext http) => Results.Json(new { ip = RemoteAddress(http) }));
        return app;
    }

    private static string? RemoteAddress(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4().ToString() : address?.ToString();
    }
}
