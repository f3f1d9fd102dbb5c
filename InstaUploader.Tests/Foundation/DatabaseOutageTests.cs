using System.Net;
using System.Text.Json;
using InstaUploader.Tests.Runners;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// With PostgreSQL unreachable every route answers 503 with Retry-After and a ProblemDetails, never 500: the Web's
/// error handling (AddErrorHandling) in front of real EF Core and Npgsql calls to a port nobody listens on.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var deadDatabase = $"Host=127.0.0.1;Port={Tinyproxy.FreePort()};Database=x;Username=x;Password=x;Timeout=3;Pooling=false";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.Services.AddDataProtection();
        builder.Services.AddDbContext<AppDbContext>(o => o.UseNpgsql(deadDatabase).UseSnakeCaseNamingConvention());
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(deadDatabase));
        builder.AddErrorHandling();
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.MapGet("/ef-query", async (AppDbContext db) => await db.Accounts.CountAsync());
        _app.MapGet("/ef-find/{id:int}", async (int id, AppDbContext db) => await db.Accounts.FindAsync(id));
        _app.MapPost("/ef-sql", async (AppDbContext db) => await db.Database.ExecuteSqlRawAsync("SELECT 1"));
        _app.MapGet("/npgsql", async (NpgsqlDataSource data) =>
        {
            await using var connection = await data.OpenConnectionAsync();
            return 1;
        });
        _app.MapGet("/retry-limit", () => ThrowRetryLimit());
        _app.MapGet("/bug", string () => throw new InvalidOperationException("a bug, not an outage"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private static int ThrowRetryLimit()
    {
        var refused = new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        throw new RetryLimitExceededException("Retries exhausted.", refused);
    }

    [Theory]
    [InlineData("GET", "/ef-query")]
    [InlineData("GET", "/ef-find/7")]
    [InlineData("POST", "/ef-sql")]
    [InlineData("GET", "/npgsql")]
    [InlineData("GET", "/retry-limit")]
    public async Task A_route_reaching_an_unreachable_database_answers_503_with_Retry_After_and_a_ProblemDetails(string method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(DatabaseOutageHandler.RetryAfter, response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("database", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_exception_is_still_a_500_so_bugs_are_not_hidden_as_outages()
    {
        using var response = await _http.GetAsync("/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.TooManyConnections, true)]
    [InlineData(PostgresErrorCodes.SerializationFailure, false)]
    [InlineData(PostgresErrorCodes.UniqueViolation, false)]
    public void Server_errors_count_as_an_outage_only_when_the_server_is_going_away_or_full(string sqlState, bool outage)
    {
        var error = new PostgresException("message", "FATAL", "FATAL", sqlState);

        Assert.Equal(outage, DatabaseOutageHandler.IsOutage(new InvalidOperationException("wrapped", error)));
    }
}
