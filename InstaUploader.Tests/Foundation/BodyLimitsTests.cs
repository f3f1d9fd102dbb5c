using System.Net;
using System.Text.Json;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// <see cref="BodyLimits"/> (what the Web and the Worker put in front of their routes) on a real Kestrel: a body over
/// the route's limit is answered 413 with a ProblemDetails, on a connection that still works afterwards (Kestrel's
/// own refusal closed it under a caller still sending, a connection reset); a route's own limit replaces the default.
/// </summary>
public sealed class BodyLimitsTests : IAsyncLifetime
{
    private const int FiveMegabytes = 5 * 1024 * 1024;
    private const long SmallLimit = 64 * 1024;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.AddErrorHandling();
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.UseStatusCodePages();
        _app.UseBodyLimits();
        _app.MapPost("/json", (JsonElement body) => TypedResults.Ok(body.GetProperty("pad").GetString()!.Length));
        _app.MapPost("/ignores-body", () => TypedResults.Ok());
        _app.MapPost("/small", (JsonElement body) => TypedResults.Ok(body.GetProperty("pad").GetString()!.Length)).WithBodyLimit(SmallLimit);
        _app.MapPost("/streams", async (HttpRequest request) =>
        {
            long total = 0;
            var buffer = new byte[64 * 1024];
            for (int n; (n = await request.Body.ReadAsync(buffer)) > 0;)
            {
                total += n;
            }

            return TypedResults.Ok(total);
        }).WithOwnBodyLimit();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private static ByteArrayContent Json(int size, bool chunked = false)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)'x');
        "{\"pad\":\""u8.CopyTo(bytes);
        "\"}"u8.CopyTo(bytes.AsSpan(size - 2));
        var content = chunked ? new ChunkedContent(bytes) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    [Theory]
    [InlineData("/json", FiveMegabytes)]
    [InlineData("/ignores-body", FiveMegabytes)]
    [InlineData("/small", (int)SmallLimit + 1)]
    public async Task A_body_over_the_routes_limit_is_a_413_problem_and_the_connection_still_answers(string path, int size)
    {
        using var response = await _http.PostAsync(path, Json(size));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        using var next = await _http.PostAsync("/json", Json(100));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem_too()
    {
        using var response = await _http.PostAsync("/small", Json((int)SmallLimit * 4, chunked: true));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/json", 900 * 1024)]
    [InlineData("/small", (int)SmallLimit)]
    public async Task A_body_within_the_routes_limit_is_read(string path, int size)
    {
        using var response = await _http.PostAsync(path, Json(size));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_route_with_its_own_limit_reads_more_than_the_default()
    {
        using var response = await _http.PostAsync("/streams", Json(FiveMegabytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FiveMegabytes, long.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Content without a length, so it goes out chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : ByteArrayContent(bytes)
    {
        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
