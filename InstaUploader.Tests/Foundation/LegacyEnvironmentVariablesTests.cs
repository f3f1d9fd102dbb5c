using System.Collections;
using InstaUploader.Instagram.Dolphin;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Scraper;
using InstaUploader.Worker;
using InstaUploader.Worker.Features.Scraper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// Every options class binds one section; the original system's flat variables reach those sections through the one
/// map in ServiceDefaults, under every other source (a section key set beside a legacy variable wins).
/// </summary>
public sealed class LegacyEnvironmentVariablesTests
{
    private static T Bind<T>(string section, IDictionary environment, Dictionary<string, string?>? keys = null) where T : class
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(keys ?? []).AddLegacyEnvironmentVariables(environment).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddOptions<T>().BindConfiguration(section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<T>>().Value;
    }

    [Fact]
    public void The_original_workers_variables_configure_our_worker()
    {
        var worker = Bind<WorkerOptions>(WorkerOptions.Section, new Hashtable
        {
            ["UI_API_BASE"] = "http://web-host:8000",
            ["UI_API_TOKEN"] = "ui-token-0123456789",
            ["WORKER_API_TOKEN"] = "worker-token-0123456789",
            ["POLLING_INTERVAL"] = "7",
            ["CONCURRENCY_LIMIT"] = "3",
            ["HEADLESS"] = "0",
            ["VISIBLE_BROWSER"] = "1",
            ["VERIFY_SSL"] = "TRUE",
            ["LEASE_SECONDS"] = "90",
            ["WORKER_ID"] = "w-7",
            ["SHUTDOWN_GRACE_SECONDS"] = "",
        });

        Assert.Equal(new Uri("http://web-host:8000"), worker.WebBaseUrl);
        Assert.Equal("ui-token-0123456789", worker.WorkerToken);
        Assert.Equal(7, worker.PollingInterval);
        Assert.Equal(3, worker.ConcurrencyLimit);
        Assert.False(worker.Headless);
        Assert.True(worker.VisibleBrowser);
        Assert.True(worker.VerifySsl);
        Assert.Equal(90, worker.LeaseSeconds);
        Assert.Equal("w-7", worker.WorkerId);
        Assert.Equal(5, worker.ShutdownGraceSeconds);
    }

    [Fact]
    public void The_original_workers_dolphin_variables_configure_the_dolphin_client()
    {
        var dolphin = Bind<DolphinOptions>(DolphinOptions.Section, new Hashtable { ["DOLPHIN_API_HOST"] = "http://dolphin:3001/", ["DOLPHIN_API_TOKEN"] = "dolphin-token" });

        Assert.Equal(new Uri("http://dolphin:3001/"), dolphin.ApiHost);
        Assert.Equal("dolphin-token", dolphin.ApiToken);
    }

    [Fact]
    public void The_worker_token_has_one_name_per_service_and_a_section_key_wins_over_a_legacy_variable()
    {
        var legacy = new Hashtable { ["WORKER_API_TOKEN"] = "legacy-token-0123456789", ["WORKER_ALLOWED_IPS"] = "10.0.0.0/8" };

        Assert.Equal("legacy-token-0123456789", Bind<WorkerOptions>(WorkerOptions.Section, legacy).WorkerToken);
        var auth = Bind<ApiAuthOptions>(ApiAuthOptions.Section, legacy);
        Assert.Equal("legacy-token-0123456789", auth.WorkerToken);
        Assert.Equal("10.0.0.0/8", auth.WorkerAllowedIps);

        var overridden = Bind<ApiAuthOptions>(ApiAuthOptions.Section, legacy, new() { ["Auth:WorkerToken"] = "section-token-0123456789" });
        Assert.Equal("section-token-0123456789", overridden.WorkerToken);
    }

    [Fact]
    public void Worker_pool_variables_are_one_list_and_service_discovery_adds_to_it()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["services:worker:http:0"] = "http://w3:9000" })
            .AddLegacyEnvironmentVariables(new Hashtable { ["WORKER_POOL"] = "http://w1:9000, http://w2:9000/", ["WORKER_BASE_URL"] = "http://w1:9000" })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section).PostConfigure<IConfiguration>(DispatchOptions.AddServiceDiscoveryWorkers);

        var pool = services.BuildServiceProvider().GetRequiredService<IOptions<DispatchOptions>>().Value.Pool;

        Assert.Equal(["http://w1:9000/", "http://w2:9000/", "http://w3:9000/"], pool.Select(u => u.ToString()));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("sk-scraper-0123456789", null, true)]
    [InlineData("sk-scraper-0123456789", "0", false)]
    [InlineData(null, "true", true)]
    public void The_scraper_api_is_on_with_its_key_unless_switched_off(string? key, string? enabled, bool on)
    {
        var environment = new Hashtable();
        if (key is not null)
        {
            environment["SCRAPER_API_KEY"] = key;
        }

        if (enabled is not null)
        {
            environment["SCRAPER_API_ENABLED"] = enabled;
        }

        Assert.Equal(on, Bind<ScraperOptions>(ScraperOptions.Section, environment).IsEnabled);
    }

    [Fact]
    public void The_scrapers_worker_settings_keep_their_variables()
    {
        var runner = Bind<ScrapeRunnerOptions>(ScrapeRunnerOptions.Section, new Hashtable { ["SCRAPER_REQUEST_INTERVAL_MS"] = "250", ["SCRAPER_RECENT_POSTS"] = "4" });

        Assert.Equal(250, runner.RequestIntervalMs);
        Assert.Equal(4, runner.RecentPosts);
    }
}
