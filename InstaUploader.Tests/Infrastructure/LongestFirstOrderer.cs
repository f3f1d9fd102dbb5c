using InstaUploader.Tests.Cluster;
using InstaUploader.Tests.ControlPlane;
using InstaUploader.Tests.EndToEnd;
using InstaUploader.Tests.Foundation;
using InstaUploader.Tests.Instagram;
using InstaUploader.Tests.Instagram.Web;
using InstaUploader.Tests.Scraper;
using InstaUploader.Tests.Worker;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("InstaUploader.Tests.Infrastructure.LongestFirstOrderer", "InstaUploader.Tests")]

namespace InstaUploader.Tests.Infrastructure;

/// <summary>
/// Starts the longest test collections first. xunit runs two collections at a time (xunit.runner.json) and a collection
/// holds its slot from its fixture's start to its last test, so one long collection started late leaves the other slot
/// idle at the end of the run: in the run this was measured on, the topology collection started at 2:20 and ran alone
/// for the last 2:35. Started first, the long ones overlap each other and the short ones fill in behind them.
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    /// <summary>
    /// Collections that take about 20 s or more (fixture start included), longest first, as measured in a full
    /// ./test.sh run; the rest follow by name. Keep it roughly right: a long collection missing here may start last.
    /// </summary>
    internal static readonly string[] Longest =
    [
        TopologyCollection.Name,
        UiTopologyCollection.Name,
        ControlPlaneCollection.Name,
        ForClass<ClusterTests>(),
        SandboxCollection.Name,
        ForClass<ShutdownTests>(),
        ForClass<DemoScrapeTests>(),
        ForClass<WebActionTests>(),
        ForClass<IpAllowlistTopologyTests>(),
        ForClass<DatabaseOutageWalkTests>(),
        ForClass<WebUploadFaultTests>(),
        ForClass<AppHostKillTests>(),
        ForClass<RestartRequestTests>(),
        ForClass<WebCanaryTests>(),
        ScraperRunCollection.Name,
        ForClass<BrowserLoginTests>(),
        ScraperApiCollection.Name,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => Array.IndexOf(Longest, c.DisplayName) is var rank and >= 0 ? rank : Longest.Length)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    /// <summary>The name xunit gives the collection of a test class that names none.</summary>
    internal static string ForClass<T>() => "Test collection for " + typeof(T).FullName;
}
