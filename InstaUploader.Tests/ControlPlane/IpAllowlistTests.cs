using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>WORKER_ALLOWED_IPS: callers outside the CIDRs get 403 even with a valid token.</summary>
public sealed class IpAllowlistTests
{
    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.255.0.1", true)]
    [InlineData("192.168.1.5", true)]
    [InlineData("192.168.1.6", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("::ffff:10.9.9.9", true)]
    public async Task Only_addresses_inside_the_allowlist_pass(string remote, bool allowed)
    {
        var context = await AuthorizeAsync("10.0.0.0/8, 192.168.1.5", remote, MachineAuth.WorkerRole);

        Assert.Equal(allowed, context.HasSucceeded);
        if (!allowed)
        {
            Assert.Contains("WORKER_ALLOWED_IPS", Assert.Single(context.FailureReasons).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_operator_token_is_not_bound_to_the_worker_allowlist() =>
        Assert.True((await AuthorizeAsync("10.0.0.0/8", "172.16.0.1", MachineAuth.OperatorRole)).HasSucceeded);

    private static async Task<AuthorizationHandlerContext> AuthorizeAsync(string allowlist, string remote, string role)
    {
        var handler = new WorkerAddressHandler(
            new WorkerIpAllowlist(Options.Create(new ApiAuthOptions { WorkerAllowedIps = allowlist })), new HttpContextAccessor());
        var http = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(remote) } };
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], MachineAuth.SchemeName));
        var context = new AuthorizationHandlerContext([new WorkerAddressRequirement()], user, http);
        await handler.HandleAsync(context);
        return context;
    }

    [Theory]
    [InlineData("10.0.0.0/8, 192.168.1.5", true)]
    [InlineData("::1, fd00::/8", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("10.0.0.0/8, localhost", false)]
    public void Malformed_entries_are_refused_at_start(string list, bool valid) =>
        Assert.Equal(valid, WorkerIpAllowlist.TryParse(list, out _));

    [Fact]
    public async Task An_empty_allowlist_lets_everyone_through() =>
        Assert.True((await AuthorizeAsync("", "8.8.8.8", MachineAuth.WorkerRole)).HasSucceeded);
}

/// <summary>The same rule through a real Web started with WORKER_ALLOWED_IPS that excludes loopback.</summary>
public sealed class IpAllowlistTopologyTests
{
    [Fact]
    public async Task A_web_started_with_an_allowlist_refuses_other_callers_with_403_even_with_the_token()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var app = await AppHostTesting.StartAsync(["--workers", "0", "--sandbox", "false"], cts.Token, builder =>
            builder.CreateResourceBuilder<ProjectResource>("web").WithEnvironment("WORKER_ALLOWED_IPS", "10.20.0.0/16, 192.168.77.1"));
        var token = app.Parameter("worker-token");
        using var web = app.CreateHttpClient("web");
        web.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var claim = await web.PostAsync("/api/queries/claim_next/", null, cts.Token);
        using var heartbeat = await web.GetAsync("/api/bulk-tasks/1/aggregate", cts.Token);
        using var health = await web.GetAsync("/health", cts.Token);

        Assert.Equal(HttpStatusCode.Forbidden, claim.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, heartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("WORKER_ALLOWED_IPS", await claim.Content.ReadAsStringAsync(cts.Token), StringComparison.Ordinal);
        await AssertNoRouteTakesTheTokenAsync(web, cts.Token);
    }

    /// <summary>Routes that take no token (anonymous, or the operator's sign-in cookie): nothing for the allowlist to refuse.</summary>
    private static readonly string[] Anonymous = ["POST /api/login", "POST /api/token/refresh", "GET /api/health", "POST /account/logout",
        "POST /api/v1/workspaces/invitations/accept"];

    /// <summary>
    /// Every operation of the OpenAPI document, called with the worker token from an address outside WORKER_ALLOWED_IPS,
    /// answers 403 (or 401 where the route takes another kind of credential). Needs only a client of such a Web.
    /// </summary>
    internal static async Task AssertNoRouteTakesTheTokenAsync(HttpClient workerFromOutside, CancellationToken ct)
    {
        var document = JsonNode.Parse(await workerFromOutside.GetStringAsync("/openapi/v1.json", ct))!;
        var accepted = new List<string>();
        var checkedRoutes = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = $"{method.ToUpperInvariant()} {path}";
                if (Anonymous.Contains(operation))
                {
                    continue;
                }

                var url = Regex.Replace(path, @"\{([^}:]+)[^}]*\}", m => m.Groups[1].Value == "kind" ? "bulk_login" : "1");
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                {
                    Content = method is "get" or "delete" ? null : Body(node!),
                };
                using var response = await workerFromOutside.SendAsync(request, ct);
                checkedRoutes++;
                if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized))
                {
                    accepted.Add($"{operation} → {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(checkedRoutes > 50, $"Only {checkedRoutes} operations in the OpenAPI document.");
        Assert.True(accepted.Count == 0, "Routes that took the worker token from outside WORKER_ALLOWED_IPS:\n" + string.Join("\n", accepted));
    }

    /// <summary>An empty body of the operation's own content type, so routing finds the endpoint (no 415 before auth).</summary>
    private static StringContent Body(JsonNode operation)
    {
        var declared = operation["requestBody"]?["content"]?.AsObject().Select(c => c.Key).ToList() ?? [];
        var type = declared.Count == 0 || declared.Contains("application/json") ? "application/json" : declared[0];
        var content = new StringContent(type == "application/json" ? "{}" : "", System.Text.Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(
            type == "multipart/form-data" ? "multipart/form-data; boundary=probe" : type);
        return content;
    }
}
