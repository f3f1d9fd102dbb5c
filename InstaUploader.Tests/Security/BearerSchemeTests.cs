using System.Security.Claims;
using System.Text.Json;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Security;

/// <summary>
/// The one bearer handler (ServiceDefaults) the Web's machine scheme, the scraper key and a worker's own API share:
/// no header is no result, a refused token fails, an accepted one names the caller; a challenge with a detail is a
/// ProblemDetails 401 with WWW-Authenticate: Bearer.
/// </summary>
public sealed class BearerSchemeTests
{
    private const string Scheme = "Test";
    private const string Token = "a-token-of-at-least-16-chars";

    private static ServiceProvider Services(Action<BearerSchemeOptions> configure, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails();
        services.AddAuthentication().AddBearerScheme(Scheme, configure);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>A request with its own scope, as ASP.NET Core gives each one (authentication handlers are per request).</summary>
    private static DefaultHttpContext Request(IServiceProvider services, string? authorization, string? workerId = null)
    {
        var http = new DefaultHttpContext
        {
            RequestServices = services.CreateScope().ServiceProvider,
            Response = { Body = new MemoryStream() },
        };
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        if (workerId is not null)
        {
            http.Request.Headers[MachineAuth.WorkerIdHeader] = workerId;
        }

        return http;
    }

    private static void Accept(BearerSchemeOptions o) =>
        o.ValidateToken = (_, presented) => SecretComparer.FixedTimeEquals(presented, Token) ? BearerSchemeExtensions.Caller("caller", "role") : null;

    [Fact]
    public async Task No_bearer_header_is_no_result_a_wrong_token_fails_and_the_right_one_names_the_caller()
    {
        await using var services = Services(Accept);

        Assert.True((await Request(services, null).AuthenticateAsync(Scheme)).None);
        Assert.True((await Request(services, "Basic " + Token).AuthenticateAsync(Scheme)).None);
        var wrong = await Request(services, "Bearer nope").AuthenticateAsync(Scheme);
        Assert.False(wrong.Succeeded);
        Assert.False(wrong.None);

        var right = await Request(services, "bearer  " + Token + " ").AuthenticateAsync(Scheme);
        Assert.True(right.Succeeded);
        Assert.Equal("caller", right.Principal!.Identity!.Name);
        Assert.Equal(Scheme, right.Principal.Identity.AuthenticationType);
        Assert.True(right.Principal.IsInRole("role"));
    }

    [Fact]
    public async Task A_challenge_with_a_detail_is_a_problem_401_and_without_one_a_bare_401()
    {
        await using var described = Services(o =>
        {
            Accept(o);
            o.ChallengeDetail = "Send Authorization: Bearer <KEY>.";
        });
        var http = Request(described, null);
        await http.ChallengeAsync(Scheme);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.Equal("Bearer", http.Response.Headers.WWWAuthenticate.ToString());
        http.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(http.Response.Body);
        Assert.Equal("Send Authorization: Bearer <KEY>.", problem.GetProperty("detail").GetString());

        await using var bare = Services(Accept);
        var plain = Request(bare, null);
        await plain.ChallengeAsync(Scheme);
        Assert.Equal(StatusCodes.Status401Unauthorized, plain.Response.StatusCode);
        Assert.Equal(0, plain.Response.Body.Length);
    }

    private const string WorkerToken = "worker-token-0123456789";
    private const string OperatorToken = "operator-token-0123456789";

    private static ServiceProvider WebMachineScheme() => Services(o => o.ValidateToken = MachineAuth.Validate, s => s
        .AddSingleton(TimeProvider.System)
        .AddSingleton(Options.Create(new ApiAuthOptions { WorkerToken = WorkerToken, OperatorToken = OperatorToken }))
        .AddSingleton<WorkerTokenService>());

    [Fact]
    public async Task The_webs_machine_scheme_tells_a_worker_an_operator_and_a_worker_jwt_apart()
    {
        await using var services = WebMachineScheme();

        var worker = (await Request(services, "Bearer " + WorkerToken, workerId: "w-1").AuthenticateAsync(Scheme)).Principal!;
        Assert.True(worker.IsInRole(MachineAuth.WorkerRole));
        Assert.Equal("w-1", worker.Identity!.Name);

        var anonymousWorker = (await Request(services, "Bearer " + WorkerToken).AuthenticateAsync(Scheme)).Principal!;
        Assert.Equal("worker", anonymousWorker.Identity!.Name);

        var op = (await Request(services, "Bearer " + OperatorToken, workerId: "w-1").AuthenticateAsync(Scheme)).Principal!;
        Assert.True(op.IsInRole(MachineAuth.OperatorRole));
        Assert.False(op.IsInRole(MachineAuth.WorkerRole));

        var (access, refresh) = services.GetRequiredService<WorkerTokenService>().Issue("jwt-worker");
        var jwt = (await Request(services, "Bearer " + access).AuthenticateAsync(Scheme)).Principal!;
        Assert.True(jwt.IsInRole(MachineAuth.WorkerRole));
        Assert.Equal("jwt-worker", jwt.FindFirstValue(ClaimTypes.Name));

        Assert.False((await Request(services, "Bearer " + refresh).AuthenticateAsync(Scheme)).Succeeded);
        Assert.False((await Request(services, "Bearer " + WorkerToken + "x").AuthenticateAsync(Scheme)).Succeeded);
    }

    [Fact]
    public async Task Without_an_operator_token_no_bearer_is_an_operator()
    {
        await using var services = Services(o => o.ValidateToken = MachineAuth.Validate, s => s
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(new ApiAuthOptions { WorkerToken = WorkerToken }))
            .AddSingleton<WorkerTokenService>());

        Assert.False((await Request(services, "Bearer ").AuthenticateAsync(Scheme)).Succeeded);
        Assert.False((await Request(services, "Bearer " + OperatorToken).AuthenticateAsync(Scheme)).Succeeded);
    }
}
