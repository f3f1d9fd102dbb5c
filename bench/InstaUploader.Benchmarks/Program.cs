using System.Globalization;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;

// The control plane's speed against the database's own ceiling, in one run (issue 15):
//  1. the SQL ceiling: pgbench, single-item FOR UPDATE SKIP LOCKED claim + complete, 8 clients;
//  2. no-op items through the worker's whole HTTP protocol with 2 worker-like claimers, at several slot counts;
//  3. nudge to claim: from an operator's start call to an idle worker's claim of the item (push nudge, no polling);
//  4. log ingestion from 8 concurrent items of one worker (lines and counters) through the worker's own LogShipper: the
//     capacity when they flood, and each line's latency from the runner's enqueue to stored in the Web at a paced
//     load (after --log-warmups runs, the lines of --repeat runs pooled), and how many went missing;
//  5. agency scale: with 10,000 accounts, 1,000 tasks and 1,000,000 finished items seeded, claim+complete against the
//     same slot count measured just before the seeding, and the server-side time of the operator pages' data loads;
// -1. S3 media: a --media-mib (400) MiB video into the S3 store and back through its presigned link (--media-mib 0
//     leaves it out, --media-only stops after it);
//  0. fan-out: one task of --fan-out-accounts accounts dispatched to --fan-out-workers fake workers (no database);
//     --fan-out-only stops after it.
//  6. the audit page's data loads (unfiltered, by each filter, 1,000 pages deep) with 1,000,000 audit entries seeded.
// Issue 29 added, printed beside ours: the batched SQL limit (pgbench, 100 items claimed by one statement and completed
// by another, 2 and 8 clients, --pgbench-batch-tx 100), graphile-worker 0.18 with its batched modes (bench/graphile,
// --graphile-jobs 20000, 0 leaves it out), CPU per item by process, and first, the cost per account on one worker
// (--density 1,5,10,20 --density-rounds 5; --density 0 leaves it out, --density-only stops after it).
// Usage: dotnet run -c Release --project bench/InstaUploader.Benchmarks
//        [-- --items 20000 --claimers 2 --slots 8,32,100,200 --pgbench-tx 2500 --probes 100 --log-lines 2500 --log-rate 8000
//           --log-warmups 2 --scale-accounts 10000 --scale-tasks 1000 --scale-items 1000000 --audit-entries 1000000 --repeat 3 --legacy] (--scale-items 0 leaves out stage 5,
//           --audit-entries 0 stage 6)
// --legacy speaks the single-item protocol (claim_next without limit, PATCH per item, POST /api/logs/ per line), so
// the same bench measures a Web that has no batch routes.
var items = Option("--items", 20_000);
var claimers = Option("--claimers", 2);
var slotCounts = args.SkipWhile(a => a != "--slots").Skip(1).Select(a => a.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([8, 32, 100, 200]);
var pgbenchTransactions = Option("--pgbench-tx", 2_500);
var probes = Option("--probes", 100);
var logLines = Option("--log-lines", 2_500);
var logRate = Option("--log-rate", 8_000);
var logWarmups = Option("--log-warmups", 2);
var scaleAccounts = Option("--scale-accounts", 10_000);
var scaleTasks = Option("--scale-tasks", 1_000);
var scaleItems = Option("--scale-items", 1_000_000);
var auditEntries = Option("--audit-entries", 1_000_000);
var legacy = args.Contains("--legacy");
// Throughput on a shared 2-core machine moves by a third between runs: every throughput figure (the ceiling too) is
// the median of this many runs, so ratios compare like with like.
var repeats = Option("--repeat", 3);
// Only the log-ingestion stage (issue 28: one store for item logs, measured before and after).
var logOnly = args.Contains("--log-only");

var mediaMebibytes = Option("--media-mib", 400);
if (mediaMebibytes > 0 && !logOnly)
{
    Console.WriteLine($"S3 media: {mediaMebibytes} MiB through the S3 store and a presigned download (s3rver) ...");
    var media = await MediaStoreBench.RunAsync(mediaMebibytes);
    Console.WriteLine(Invariant($"s3 media: {media.Bytes / 1048576} MiB up in {media.UploadSeconds:0.0} s ({media.Parts} parts), presigned download in {media.DownloadSeconds:0.0} s, same bytes {media.SameBytes}, peak working set {media.PeakWorkingSetBytes / 1048576} MiB (ceiling: a local copy of the file {media.CopySeconds:0.0} s)"));
}

if (args.Contains("--media-only"))
{
    return;
}

var densityCounts = args.SkipWhile(a => a != "--density").Skip(1).Select(a => a.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([1, 5, 10, 20]);
var densityRounds = Option("--density-rounds", 5);
var densityLines = new List<string>();
if (densityCounts.Length > 0 && densityCounts[0] > 0 && !logOnly)
{
    // First, while this process is still small: it plays the worker whose memory is measured.
    Console.WriteLine($"Account density: {string.Join(", ", densityCounts)} concurrent mobile-API accounts, then browser accounts, {densityRounds} steps each ...");
    var (browserDensity, mobileDensity) = await AccountDensity.MeasureAsync(densityCounts, densityRounds);
    foreach (var result in new[] { browserDensity, mobileDensity })
    {
        var (baseMiB, perAccountMiB) = result.Fit();
        densityLines.AddRange(result.Levels.Select(level => Invariant(
            $"{result.Kind} density: {level.Accounts} accounts, RSS base {baseMiB:0} MiB + {perAccountMiB:0.0} MiB per account, p95 step {Bench.Percentile(level.StepMs, 95):0} ms (peak {level.PeakMiB:0} MiB, CPU {level.CpuMsPerStep:0} ms a step; load average {level.LoadAverage})")));
    }

    densityLines.ForEach(Console.WriteLine);
    if (args.Contains("--density-only"))
    {
        return;
    }
}

if (args.SkipWhile(a => a != "--web-setting").Skip(1).FirstOrDefault() is { } webSetting)
{
    Console.WriteLine($"Web setting {webSetting}: without and with, alternated, {items} no-op items at {claimers} x {slotCounts.Max()} slots ...");
    (await WebSettingComparison.RunAsync(webSetting, items, claimers, slotCounts.Max(), rounds: 2)).ForEach(Console.WriteLine);
    return;
}

var fanOutAccounts = Option("--fan-out-accounts", 100_000);
var fanOutWorkers = Option("--fan-out-workers", 100);
var fanOutLine = "";
if (!logOnly)
{
    Console.WriteLine($"Fan-out: a {fanOutAccounts}-account task to {fanOutWorkers} fake workers ...");
    var fanOut = await FanOutBench.RunAsync(fanOutAccounts, fanOutWorkers);
    fanOutLine = Invariant($"fan-out: {fanOutAccounts} accounts to {fanOutWorkers} workers: {fanOut.Calls} calls in {fanOut.Seconds:0.000} s, first claim after {fanOut.FirstClaimMs:0.0} ms (at most {fanOut.MostCallsToOneWorker} per worker, {fanOut.Refused} refused; ceiling: one bare POST to each worker at once {fanOut.CeilingSeconds:0.000} s)");
    Console.WriteLine(fanOutLine);
    if (args.Contains("--fan-out-only"))
    {
        return;
    }
}

Console.WriteLine($"Starting Postgres + Web (no workers) ... {(legacy ? "legacy single-item protocol" : "batched protocol")}");
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.InstaUploader_AppHost>(["--workers", "0", "--sandbox", "false", "--ephemeral-data", "true"]);
await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync("web");
var connectionString = (await app.GetConnectionStringAsync("instauploader"))!;
await using var data = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=50");
var bench = new Bench(
    app.GetEndpoint("web"),
    (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "worker-token").GetValueAsync(default))!,
    (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "operator-api-token").GetValueAsync(default))!,
    data);

var sqlCeiling = double.NaN;
var sqlCeilingLoad = "";
var batchTransactions = Option("--pgbench-batch-tx", 100);
var batchedLimit2 = double.NaN;
var batchedLimit8 = double.NaN;
var batchedLimitLoad = "";
var graphileJobs = Option("--graphile-jobs", 20_000);
var graphile = double.NaN;
var graphileLoad = "";
var httpRates = new List<(int Slots, double Rate)>();
List<double> nudges = [];
if (!logOnly)
{
    Console.WriteLine($"pgbench: 8 clients x {pgbenchTransactions} claim+complete ...");
    sqlCeiling = await MedianAsync(() => PgBench.ClaimCompleteTpsAsync(data, connectionString!, clients: 8, pgbenchTransactions));
    Console.WriteLine(Invariant($"  {sqlCeiling:0} tps (median of {repeats})"));
    sqlCeilingLoad = LoadAverage();

    Console.WriteLine($"batched SQL limit: pgbench, 2 and 8 clients x {batchTransactions} transactions of {PgBench.BatchSize} items ...");
    batchedLimit2 = await MedianAsync(() => PgBench.BatchedItemsPerSecondAsync(data, connectionString!, clients: 2, batchTransactions));
    batchedLimit8 = await MedianAsync(() => PgBench.BatchedItemsPerSecondAsync(data, connectionString!, clients: 8, batchTransactions));
    batchedLimitLoad = LoadAverage();
    Console.WriteLine(Invariant($"  {batchedLimit2:0} / {batchedLimit8:0} items/s (median of {repeats}; load average {batchedLimitLoad})"));

    if (graphileJobs > 0)
    {
        Console.WriteLine($"graphile-worker 0.18 (local queue 500, batched completions, concurrency 8): {graphileJobs} no-op jobs ...");
        graphile = await MedianAsync(() => GraphileWorker.JobsPerSecondAsync(connectionString!, graphileJobs));
        graphileLoad = LoadAverage();
        Console.WriteLine(Invariant($"  {graphile:0} jobs/s (median of {repeats}; load average {graphileLoad})"));
    }

    foreach (var slots in slotCounts)
    {
        Console.WriteLine($"HTTP: {items} no-op items, {claimers} claimers x {slots} slots ...");
        var rate = await MedianAsync(() => ClaimThroughput.ItemsPerSecondAsync(bench, claimers, slots, items, legacy));
        httpRates.Add((slots, rate));
        Console.WriteLine(Invariant($"  {rate:0} items/s ({rate / sqlCeiling:0.00} x sql ceiling, {rate / graphile:0.00} x graphile-worker 0.18, {rate / batchedLimit8:0.00} x batched SQL limit; load average {LoadAverage()})"));
    }

    Console.WriteLine($"Nudge to claim: {probes} task starts ...");
    nudges = await NudgeProbe.MeasureAsync(bench, probes, legacy);
}

Console.WriteLine($"Log ingestion: 8 items x {logLines} lines flooding, then paced at {logRate} lines/s, {logWarmups} times to warm up and {repeats} times measured ...");
var flood = await LogIngestion.MeasureAsync(bench, items: 8, logLines, rate: null, legacy);
Console.WriteLine(Invariant($"  flooding: {flood.LinesPerSecond:0} lines/s, lost {flood.Lost}"));
// The first paced runs meet the Web still compiling the batch path's hot methods (tier 0, then instrumented, then
// optimized): warm-ups, printed but not counted. The measured runs' lines are pooled for the p99.
var paced = new List<LogIngestion.Result>();
for (var run = 0; run < logWarmups + Math.Max(1, repeats); run++)
{
    var result = await LogIngestion.MeasureAsync(bench, items: 8, logLines, logRate, legacy);
    Console.WriteLine(Invariant($"  paced{(run < logWarmups ? " (warm-up)" : "")}: {result.LinesPerSecond:0} lines/s, per line p50 {Bench.Percentile(result.LatenciesMs, 50):0.0} ms, p99 {Bench.Percentile(result.LatenciesMs, 99):0.0} ms, lost {result.Lost}"));
    paced.Add(result);
}

var measured = paced.Skip(logWarmups).ToList();
var logLatencies = measured.SelectMany(r => r.LatenciesMs).ToList();
var logRateMeasured = Bench.Percentile([.. measured.Select(r => r.LinesPerSecond)], 50);
var logLost = flood.Lost + paced.Sum(r => r.Lost);
if (logOnly)
{
    Console.WriteLine(Invariant($"(log ingestion: {flood.LinesPerSecond:0} lines/s flooding; at {logRate} lines/s offered, each line from enqueue to stored, p50 {Bench.Percentile(logLatencies, 50):0.0} ms over {logLatencies.Count} lines of {measured.Count} runs after {logWarmups} warm-ups; {Environment.ProcessorCount} cores, load average {LoadAverage()})"));
    Console.WriteLine(Invariant($"log ingestion: {logRateMeasured:0} lines/s, p99 {Bench.Percentile(logLatencies, 99):0.0} ms, lost {logLost}"));
    return;
}

var best = httpRates.MaxBy(r => r.Rate);

// Where the machine's time goes per item (issue 29): CPU seconds of each process of this run over one more run at the
// best slot count, divided by its items. Wall-clock figures move with the machine's load; CPU per item much less.
Console.WriteLine($"CPU per item: HTTP, {items} no-op items, {claimers} claimers x {best.Slots} slots ...");
var cpuBefore = ProcessTree.CpuSecondsByRole(Environment.ProcessId);
var cpuRate = await ClaimThroughput.ItemsPerSecondAsync(bench, claimers, best.Slots, items, legacy);
var cpuAfter = ProcessTree.CpuSecondsByRole(Environment.ProcessId);
var cpuLine = Invariant($"cpu per item at {best.Slots} slots ({cpuRate:0} items/s): ")
    + string.Join(", ", cpuAfter.Select(r => Invariant($"{r.Key} {(r.Value - cpuBefore[r.Key]) * 1e6 / items:0} us")))
    + Invariant($" (load average {LoadAverage()})");
Console.WriteLine("  " + cpuLine);
var scaleLines = new List<string>();
if (scaleItems > 0)
{
    // The best slot count's figure was picked as the highest of several medians, so it carries its run's luck: the
    // empty database is measured again at that slot count, cleared and settled as the seeded one will be, just before
    // seeding, as the fair comparison.
    Console.WriteLine($"Agency scale: HTTP on the empty database again (cleared, vacuumed), {claimers} claimers x {best.Slots} slots ...");
    await AgencyScale.ClearAsync(bench);
    var emptyRate = await MedianAsync(() => ClaimThroughput.ItemsPerSecondAsync(bench, claimers, best.Slots, items, legacy));
    Console.WriteLine(Invariant($"  {emptyRate:0} items/s"));
    Console.WriteLine($"Agency scale: seeding {scaleAccounts} accounts, {scaleTasks} tasks, {scaleItems} finished items ...");
    var seeding = System.Diagnostics.Stopwatch.StartNew();
    var bigTask = await AgencyScale.SeedAsync(bench, scaleAccounts, scaleTasks, scaleItems, bigTaskItems: Math.Min(10_000, scaleItems / 2));
    Console.WriteLine(Invariant($"  seeded in {seeding.Elapsed.TotalSeconds:0} s; HTTP: {items} no-op items, {claimers} claimers x {best.Slots} slots ..."));
    var scaleRate = await MedianAsync(() => ClaimThroughput.ItemsPerSecondAsync(bench, claimers, best.Slots, items, legacy));
    Console.WriteLine(Invariant($"  {scaleRate:0} items/s"));
    var pages = await AgencyScale.MeasurePagesAsync(connectionString, bigTask, runs: 5);
    scaleLines.Add(Invariant($"agency scale ({scaleAccounts} accounts, {scaleTasks} tasks, {scaleItems} finished items): claim+complete {scaleRate:0} items/s ({scaleRate / emptyRate:0.00} x the empty database's {emptyRate:0} at {best.Slots} slots, {scaleRate / sqlCeiling:0.00} x sql ceiling)"));
    scaleLines.Add("agency scale page data loads, server-side, p50 / max of 5: "
        + string.Join(", ", pages.Select(p => Invariant($"{p.Page} {p.P50Ms:0.0} / {p.MaxMs:0.0} ms"))));
}

if (auditEntries > 0)
{
    Console.WriteLine($"Audit page: seeding {auditEntries} audit entries ...");
    await AuditScale.SeedAsync(bench, auditEntries);
    var audit = await AuditScale.MeasurePageAsync(bench, connectionString, runs: 5);
    scaleLines.Add(Invariant($"audit page data loads ({auditEntries} entries), server-side, p50 / max of 5: ")
        + string.Join(", ", audit.Select(p => Invariant($"{p.Page} {p.P50Ms:0.0} / {p.MaxMs:0.0} ms"))));
}

Console.WriteLine();
Console.WriteLine(Invariant($"(best HTTP at {claimers} claimers x {best.Slots} slots; throughputs are medians of {repeats} runs; {Environment.ProcessorCount} cores, load average {LoadAverage()})"));
Console.WriteLine(Invariant($"(log ingestion: {flood.LinesPerSecond:0} lines/s flooding; at {logRate} lines/s offered, each line from enqueue to stored, p50 {Bench.Percentile(logLatencies, 50):0.0} ms over {logLatencies.Count} lines of {measured.Count} runs after {logWarmups} warm-ups; lost counts lines and counts of every run)"));
scaleLines.ForEach(Console.WriteLine);
densityLines.ForEach(Console.WriteLine);
Console.WriteLine(fanOutLine);
Console.WriteLine(Invariant($"sql ceiling (pgbench single-item claim+complete, 8 clients): {sqlCeiling:0} tps (load average {sqlCeilingLoad})"));
Console.WriteLine(Invariant($"batched SQL limit (pgbench, one statement claims {PgBench.BatchSize} FOR UPDATE SKIP LOCKED, one completes them; 2 / 8 clients): {batchedLimit2:0} / {batchedLimit8:0} items/s (load average {batchedLimitLoad})"));
Console.WriteLine(Invariant($"graphile-worker 0.18 (local queue 500, batched completions, concurrency 8, no-op jobs): {graphile:0} jobs/s (load average {graphileLoad})"));
Console.WriteLine(Invariant($"best http claim+complete: {best.Rate:0} items/s ({best.Rate / sqlCeiling:0.00} x sql ceiling, {best.Rate / graphile:0.00} x graphile-worker 0.18 batched, {best.Rate / batchedLimit8:0.00} x batched SQL limit at 8 clients)"));
Console.WriteLine(cpuLine);
Console.WriteLine(Invariant($"nudge to claim: p50 {Bench.Percentile(nudges, 50):0.0} ms, p99 {Bench.Percentile(nudges, 99):0.0} ms"));
Console.WriteLine(Invariant($"log ingestion: {logRateMeasured:0} lines/s, p99 {Bench.Percentile(logLatencies, 99):0.0} ms, lost {logLost}"));

async Task<double> MedianAsync(Func<Task<double>> measure)
{
    var runs = new List<double>();
    for (var run = 0; run < Math.Max(1, repeats); run++)
    {
        runs.Add(await measure());
    }

    return Bench.Percentile(runs, 50);
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
