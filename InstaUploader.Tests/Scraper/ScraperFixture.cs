using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using InstaUploader.Sandbox;
using InstaUploader.Sandbox.State;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Scraper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InstaUploader.Tests.Scraper;

/// <summary>
/// A throwaway PostgreSQL cluster, the Sandbox in-process and the built Web as a child process with the scraper
/// API on (SCRAPER_API_KEY, a free SCRAPER_PORT). <see cref="Queue"/> gives an in-process <see cref="ScraperQueue"/>
/// on the same database and key ring, for driving tasks as a worker would.
/// </summary>
public sealed class ScraperFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-scraper-test-key-0123456789";
    public const string WorkerToken = "worker-token-for-scraper-tests";
    private const string PgBin = "/usr/lib/postgresql/15/bin";

    private readonly StringBuilder _webLog = new();
    private string _pgDir = "";
    private Process? _postgres;
    private Process? _web;
    private WebApplication? _sandbox;
    private ServiceProvider? _services;

    public string ConnectionString { get; private set; } = "";

    private string CertificatePath => _pgDir + ".dataprotection.pfx";

    /// <summary>The Web's main URL; <see cref="ScraperUrl"/> is SCRAPER_PORT's.</summary>
    public Uri WebUrl { get; private set; } = null!;
    public Uri ScraperUrl { get; private set; } = null!;
    public Uri SandboxUrl { get; private set; } = null!;

    /// <summary>Scraper API client with the key, on SCRAPER_PORT.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>No Authorization header.</summary>
    public HttpClient Anonymous { get; private set; } = null!;
    public HttpClient Sandbox { get; private set; } = null!;

    public string WebLog
    {
        get
        {
            lock (_webLog)
            {
                return _webLog.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var pgPort = FreeTcpPort();
        await StartPostgresAsync(pgPort);
        ConnectionString = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=instauploader;Pooling=true";

        _sandbox = SandboxApp.Create(["--urls", "http://127.0.0.1:0", $"--Sandbox:ImapPort={FreeTcpPort()}", "--Sandbox:Headless=true"]);
        await _sandbox.StartAsync();
        SandboxUrl = new Uri(_sandbox.Urls.First().TrimEnd('/') + "/");
        Sandbox = new HttpClient { BaseAddress = SandboxUrl };

        var webPort = FreeTcpPort();
        var scraperPort = FreeTcpPort();
        WebUrl = new Uri($"http://127.0.0.1:{webPort}/");
        ScraperUrl = new Uri($"http://127.0.0.1:{scraperPort}/");
        StartWeb(webPort, scraperPort);
        Api = new HttpClient { BaseAddress = ScraperUrl, Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        Anonymous = new HttpClient { BaseAddress = ScraperUrl, Timeout = TimeSpan.FromSeconds(60) };
        await WaitForWebAsync();
        _services = BuildServices();
    }

    /// <summary>Runs <paramref name="action"/> with a fresh <see cref="ScraperQueue"/> (one DbContext per call).</summary>
    public async Task<T> Queue<T>(Func<ScraperQueue, Task<T>> action)
    {
        await using var scope = _services!.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ScraperQueue>());
    }

    public async Task<T> Db<T>(Func<ScraperDbContext, Task<T>> query)
    {
        await using var scope = _services!.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ScraperDbContext>());
    }

    /// <summary>The Web's scraper services on the same database and key ring.</summary>
    private ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<AppDbContext>(o => o.UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention());
        // The Web's key ring is encrypted with its certificate: read it with the same one.
        var certificate = InstaUploader.Web.Features.Secrets.DataProtectionCertificate.LoadOrCreate(CertificatePath, null);
        services.AddDataProtection().SetApplicationName("InstaUploader").PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        services.AddDbContext<ScraperDbContext>(o => ScraperDbContext.Configure(o, ConnectionString));
        services.AddOptions<ScraperOptions>().Configure(o => o.RetryBackoffSeconds = 0);
        services.AddScoped<ScrapeTaskWriter>();
        services.AddScoped<ScraperQueue>();
        return services.BuildServiceProvider();
    }

    /// <summary>A Sandbox login usable as a scraping account, registered with the Web (POST /api/scrape-accounts).</summary>
    public async Task<string> AddScrapeAccountAsync(string prefix = "scr", SandboxFaults? faults = null, string? proxy = null)
    {
        var username = UniqueName(prefix);
        (await Sandbox.PostAsJsonAsync("sandbox/api/accounts", new { username, password = "pw-" + username, faults })).EnsureSuccessStatusCode();
        var response = await Api.PostAsJsonAsync("api/scrape-accounts", new { username, password = "pw-" + username, proxy });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{WebLog[^Math.Min(WebLog.Length, 4000)..]}");
        return username;
    }

    public async Task SetFaultsAsync(string username, SandboxFaults faults) =>
        (await Sandbox.PutAsJsonAsync($"sandbox/api/accounts/{username}/faults", faults)).EnsureSuccessStatusCode();

    public async Task SeedProfileAsync(SandboxProfile profile) =>
        (await Sandbox.PostAsJsonAsync("sandbox/api/profiles", profile)).EnsureSuccessStatusCode();

    /// <summary>A lowercase username no other test uses (valid for Instagram: letters, digits, '_').</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 30)];

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Anonymous?.Dispose();
        Sandbox?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Stop(_web);
        if (_sandbox is not null)
        {
            await _sandbox.StopAsync();
            await _sandbox.DisposeAsync();
        }

        Stop(_postgres);
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_pgDir, recursive: true);
            File.Delete(CertificatePath);
        }
        catch (IOException)
        {
            // A straggling postgres child may still hold a file; the temp dir is throwaway.
        }
    }

    private async Task StartPostgresAsync(int port)
    {
        _pgDir = Path.Combine(Path.GetTempPath(), $"scraper-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_pgDir);
        await RunAsync("chown", $"postgres:postgres {_pgDir}");
        await RunAsync("setpriv", $"--reuid=postgres --regid=postgres --init-groups -- {PgBin}/initdb -D {_pgDir}/data -U postgres --auth=trust -E UTF8 --no-sync");
        _postgres = Process.Start(new ProcessStartInfo("setpriv",
            $"--reuid=postgres --regid=postgres --init-groups -- {PgBin}/postgres -D {_pgDir}/data -p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c max_connections=200")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _postgres.OutputDataReceived += (_, _) => { };
        _postgres.ErrorDataReceived += (_, _) => { };
        _postgres.BeginOutputReadLine();
        _postgres.BeginErrorReadLine();

        var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(admin);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("CREATE DATABASE instauploader", conn);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !_postgres.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    private void StartWeb(int webPort, int scraperPort)
    {
        var dll = LocateWebAssembly();
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__instauploader"] = ConnectionString;
        start.Environment["WORKER_API_TOKEN"] = WorkerToken;
        start.Environment["DataProtection__CertificatePath"] = CertificatePath;
        start.Environment["SCRAPER_API_KEY"] = ApiKey;
        start.Environment["SCRAPER_PORT"] = scraperPort.ToString();
        start.Environment["SCRAPER_RETRY_BACKOFF_SECONDS"] = "0";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{webPort}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["services__sandbox__http__0"] = SandboxUrl.ToString().TrimEnd('/');
        start.Environment["Instagram__ApiBaseUrl"] = SandboxUrl.ToString();
        _web = Process.Start(start)!;
        _web.OutputDataReceived += (_, e) => AppendLog(e.Data);
        _web.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        _web.BeginOutputReadLine();
        _web.BeginErrorReadLine();
    }

    private async Task WaitForWebAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_web!.HasExited)
            {
                throw new InvalidOperationException($"The Web exited with {_web.ExitCode}:\n{WebLog}");
            }

            try
            {
                if ((await Anonymous.GetAsync("api/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The Web did not answer /api/health on the scraper port:\n{WebLog}");
    }

    /// <summary>
    /// The Web's built assembly: SCRAPER_TEST_WEB_DLL, else beside this test assembly in an --artifacts-path layout
    /// (&lt;artifacts&gt;/bin/InstaUploader.Web/debug/), else the project's own bin folder.
    /// </summary>
    private static string LocateWebAssembly()
    {
        const string name = "InstaUploader.Web";
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SCRAPER_TEST_WEB_DLL") is { Length: > 0 } explicitPath)
        {
            candidates.Add(explicitPath);
        }

        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (here.Parent?.Parent is { Name: "bin" } binRoot)
        {
            candidates.Add(Path.Combine(binRoot.FullName, name, here.Name, name + ".dll"));
        }

        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, name, "bin", "Debug", "net10.0", name + ".dll"));
        }

        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException($"{name}.dll is not built (looked in: {string.Join(", ", candidates)}).");
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_webLog)
        {
            _webLog.AppendLine(line);
        }
    }

    private static async Task RunAsync(string file, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {args} failed ({process.ExitCode}): {await stdout}{await stderr}");
        }
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static readonly HashSet<int> HandedOutPorts = [];

    /// <summary>A free port never handed out before in this process: two fixtures start in parallel.</summary>
    private static int FreeTcpPort()
    {
        lock (HandedOutPorts)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOutPorts.Add(port))
                {
                    return port;
                }
            }
        }
    }
}

/// <summary>The API contract tests share one stack.</summary>
[CollectionDefinition(Name)]
public sealed class ScraperApiCollection : ICollectionFixture<ScraperFixture>
{
    public const string Name = "Scraper API";
}

/// <summary>The end-to-end runs get their own stack, so contract tests' pending tasks never reach their queue.</summary>
[CollectionDefinition(Name)]
public sealed class ScraperRunCollection : ICollectionFixture<ScraperFixture>
{
    public const string Name = "Scraper runs";
}
