using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using InstaUploader.Contracts;
using InstaUploader.Web.Features.Queue;
using Microsoft.Extensions.Hosting;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// Issue 13's seams, read from the sources: one type (<see cref="WorkItems"/>) changes work items and rolls tasks up,
/// running the queue's statements, which all live in one place (<see cref="QueueSql"/>, issue 28),
/// the console writes nothing itself and reads through query services (never a DbContext), no route tells the two queues apart by parsing an id, the scraper's queue answers
/// no HTTP results, there is one lease rescuer, and the worker reads a claimed item's id once.
/// </summary>
public sealed partial class WorkItemOwnershipTests
{
    private static readonly string Root = RepoRoot();

    [Fact]
    public void Only_WorkItems_changes_task_items_or_rolls_a_task_up()
    {
        var offenders = new List<string>();
        foreach (var file in WebSources("*.cs", "*.razor"))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("WorkItems", StringComparison.Ordinal) || name is "QueueSql.cs")
            {
                continue;
            }

            var text = WithoutComments(File.ReadAllText(file));
            if (TaskItemsSql().IsMatch(text) || ItemLogsSql().IsMatch(text) || text.Contains("QueueSql.", StringComparison.Ordinal)
                || text.Split(';').Any(statement => statement.Contains("TaskItems", StringComparison.Ordinal) && EfWrite().IsMatch(statement)))
            {
                offenders.Add(Relative(file));
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_queues_statements_live_in_QueueSql_with_no_status_word_written_out()
    {
        var statusWords = ItemStatuses.All.Concat(TaskStatuses.All).Distinct().ToList();
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "InstaUploader.Web", "Features", "Queue"), "*.cs")
            .SelectMany(file => statusWords.Where(word => WithoutComments(File.ReadAllText(file)).Contains($"'{word}'", StringComparison.Ordinal))
                .Select(word => $"{Relative(file)}: '{word}'"))
            .ToList();
        var statements = Directory.EnumerateFiles(Path.Combine(Root, "InstaUploader.Web", "Features", "Queue"), "WorkItems*.cs")
            .Where(file => TaskItemsSql().IsMatch(File.ReadAllText(file)) || ItemLogsSql().IsMatch(File.ReadAllText(file)))
            .Select(Relative)
            .ToList();

        Assert.Empty(offenders);
        Assert.Empty(statements);
    }

    [Fact]
    public void The_console_writes_nothing_itself()
    {
        var offenders = WebSources("*.razor").Where(f => EfWrite().IsMatch(File.ReadAllText(f))).Select(Relative).ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_console_reads_through_query_services_never_a_DbContext()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "InstaUploader.Web", "Components"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => ConsoleDbAccess().IsMatch(File.ReadAllText(f)))
            .Select(Relative)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_route_parses_an_id_to_pick_a_queue_and_the_scraper_queue_answers_no_http_results()
    {
        foreach (var file in new[] { "Features/Queue/QueueApi.cs", "Features/Queue/WorkSources.cs" })
        {
            Assert.DoesNotContain("TryParse", File.ReadAllText(Path.Combine(Root, "InstaUploader.Web", file)), StringComparison.Ordinal);
        }

        var scraperQueue = File.ReadAllText(Path.Combine(Root, "InstaUploader.Web", "Features", "Scraper", "ScraperQueue.cs"));
        Assert.DoesNotMatch(HttpResults(), scraperQueue);
    }

    [Fact]
    public void One_lease_rescuer_serves_every_queue()
    {
        var rescuers = typeof(WorkItems).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(BackgroundService)) && t.Name.Contains("Rescue", StringComparison.Ordinal))
            .Select(t => t.Name);

        Assert.Equal([nameof(LeaseRescuer)], rescuers);
    }

    [Fact]
    public void The_worker_reads_a_claimed_items_id_once()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "InstaUploader.Worker"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => IdParse().IsMatch(File.ReadAllText(f)))
            .Select(Relative)
            .ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+task_items\b", RegexOptions.IgnoreCase)]
    private static partial Regex TaskItemsSql();

    [GeneratedRegex(@"(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+item_logs\b", RegexOptions.IgnoreCase)]
    private static partial Regex ItemLogsSql();

    [GeneratedRegex(@"\b(ExecuteUpdate|ExecuteDelete|SaveChanges)(Async)?\s*\(")]
    private static partial Regex EfWrite();

    // The removed AppComponent.Query<T> helper handed pages the raw AppDbContext.
    [GeneratedRegex(@"\b(AppDbContext|ScraperDbContext)\b|\bQuery(<[^>]*>)?\s*\(")]
    private static partial Regex ConsoleDbAccess();

    [GeneratedRegex(@"\bIResult\b|\bTypedResults\.|\bResults\.")]
    private static partial Regex HttpResults();

    [GeneratedRegex(@"\b(long|Guid)\.(Try)?Parse\([^)]*\bId\b")]
    private static partial Regex IdParse();

    private static IEnumerable<string> WebSources(params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, "InstaUploader.Web"), p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The source without its comment lines (a comment may name a statement or a status word).</summary>
    private static string WithoutComments(string source) =>
        string.Join('\n', source.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !line.TrimStart().StartsWith('*')));

    private static string Relative(string file) => Path.GetRelativePath(Root, file);

    private static string RepoRoot([CallerFilePath] string source = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InstaUploader.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("InstaUploader.sln not found above " + source);
    }
}
