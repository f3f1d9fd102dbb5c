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
//  4. log ingestion from 8 concurrent items of one worker (lines and counters): the capacity when they flood, and each
//     line's latency from the runner's enqueue to stored in the Web at a paced load, and how many went missing.
// Usage: dotnet run -c Release --project bench/InstaUploader.Benchmarks
//        [-- --items 20000 --claimers 2 --slots 8,32,100 --pgbench-tx 2500 --probes 100 --log-lines 2500 --log-rate 8000 --legacy]
// --legacy speaks the single-item protocol (claim_next without limit, PATCH per item, POST /api/logs/ per line), so
// the same bench measures a Web that has no batch routes.
var items = Option("--items", 20_000);
var claimers = Option("--claimers", 2);
var slotCounts = args.SkipWhile(a => a != "--slots").Skip(1).Select(a => a.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([8, 32, 100]);
var pgbenchTransactions = Option("--pgbench-tx", 2_500);
var probes = Option("--probes", 100);
var logLines = Option("--log-lines", 2_500);
var logRate = Option("--log-rate", 8_000);
var legacy = args.Contains("--legacy");

Console.WriteLine($"Starting Postgres + Web (no workers) ... {(legacy ? "legacy single-item protocol" : "batched protocol")}");
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.InstaUploader_AppHost>(["--workers", "0", "--sandbox", "false", "--ephemeral-data", "true"]);
await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync("web");
var connectionString = (await app.GetConnectionStringAsync("instauploader"))!;
await using var data = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=50");
var bench = new Bench(
    app.GetEndpoint("web"),
    (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "worker-api-token").GetValueAsync(default))!,
    (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "operator-api-token").GetValueAsync(default))!,
    data);

Console.WriteLine($"pgbench: 8 clients x {pgbenchTransactions} claim+complete ...");
var sqlCeiling = await PgBench.ClaimCompleteTpsAsync(data, connectionString!, clients: 8, pgbenchTransactions);
Console.WriteLine(Invariant($"  {sqlCeiling:0} tps"));

var httpRates = new List<(int Slots, double Rate)>();
foreach (var slots in slotCounts)
{
    Console.WriteLine($"HTTP: {items} no-op items, {claimers} claimers x {slots} slots ...");
    var rate = await ClaimThroughput.ItemsPerSecondAsync(bench, claimers, slots, items, legacy);
    httpRates.Add((slots, rate));
    Console.WriteLine(Invariant($"  {rate:0} items/s ({rate / sqlCeiling:0.00} x sql ceiling)"));
}

Console.WriteLine($"Nudge to claim: {probes} task starts ...");
var nudges = await NudgeProbe.MeasureAsync(bench, probes, legacy);

Console.WriteLine($"Log ingestion: 8 items x {logLines} lines flooding, then paced at {logRate} lines/s ...");
var flood = await LogIngestion.MeasureAsync(bench, items: 8, logLines, rate: null, legacy);
Console.WriteLine(Invariant($"  flooding: {flood.LinesPerSecond:0} lines/s, lost {flood.Lost}"));
var logs = await LogIngestion.MeasureAsync(bench, items: 8, logLines, logRate, legacy);
Console.WriteLine(Invariant($"  paced: {logs.LinesPerSecond:0} lines/s, per line p50 {logs.P50Ms:0.0} ms, p99 {logs.P99Ms:0.0} ms, lost {logs.Lost}"));

var best = httpRates.MaxBy(r => r.Rate);
Console.WriteLine();
Console.WriteLine(Invariant($"(best HTTP at {claimers} claimers x {best.Slots} slots; {Environment.ProcessorCount} cores, load average {LoadAverage()})"));
Console.WriteLine(Invariant($"(log ingestion: {flood.LinesPerSecond:0} lines/s flooding; at {logRate} lines/s offered, each line from enqueue to stored; lost counts lines and counts of both runs)"));
Console.WriteLine(Invariant($"sql ceiling (pgbench single-item claim+complete, 8 clients): {sqlCeiling:0} tps"));
Console.WriteLine(Invariant($"best http claim+complete: {best.Rate:0} items/s ({best.Rate / sqlCeiling:0.00} x sql ceiling)"));
Console.WriteLine(Invariant($"nudge to claim: p50 {Bench.Percentile(nudges, 50):0.0} ms, p99 {Bench.Percentile(nudges, 99):0.0} ms"));
Console.WriteLine(Invariant($"log ingestion: {logs.LinesPerSecond:0} lines/s, p99 {logs.P99Ms:0.0} ms, lost {logs.Lost + flood.Lost}"));

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
