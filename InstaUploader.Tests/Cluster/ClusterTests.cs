using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace InstaUploader.Tests.Cluster;

/// <summary>
/// The system spread over separate hosts (network namespaces on this machine, see scripts/cluster-demo.sh):
/// PostgreSQL, two Web replicas, three workers and the Sandbox each at an address of its own. A bulk upload of 30
/// accounts runs while one worker host loses its link and the Web replica that leads the upkeep is killed.
/// </summary>
public sealed partial class ClusterTests(ITestOutputHelper output)
{
    private const int Accounts = 30;
    private static readonly string[] Captions = ["Cluster dawn", "Cluster dusk"];

    [ClusterFact]
    public async Task Bulk_upload_over_separate_hosts_survives_a_cut_worker_and_a_killed_web_replica()
    {
        await using var cluster = await ClusterHarness.UpAsync(output.WriteLine);
        using var web1 = cluster.Operator(cluster.Web1);
        using var web2 = cluster.Operator(cluster.Web2);
        using var sandbox = cluster.SandboxClient();

        // Workers anywhere: each registered itself at the address it announced (its own, not localhost/0.0.0.0).
        var workers = await UntilAsync(() => WorkersAsync(web2), w => w.Count(x => x.GetProperty("status").GetString() == "online") == 3, TimeSpan.FromSeconds(60));
        Assert.Equal(
            ["w1 http://10.77.0.21:9000", "w2 http://10.77.0.22:9000", "w3 http://10.77.0.23:9000"],
            workers.Select(w => $"{w.GetProperty("id").GetString()} {w.GetProperty("base_url").GetString()}").Order());
        Assert.Contains("now runs the upkeep loops", cluster.Log("web1"), StringComparison.Ordinal);
        Assert.DoesNotContain("now runs the upkeep loops", cluster.Log("web2"), StringComparison.Ordinal);
        await SignInAcrossReplicasAsync(cluster);

        // Thirty accounts on "Instagram" and in the Web; each request a little slow, so items are in flight when we strike.
        var usernames = Enumerable.Range(0, Accounts).Select(i => OperatorApi.Unique($"cl{i:00}")).ToList();
        foreach (var u in usernames)
        {
            using var registered = await sandbox.PostAsJsonAsync("/sandbox/api/accounts", new { username = u, password = $"pw-{u}", faults = new { slowMs = 100 } });
            await OperatorApi.EnsureAsync(registered);
        }

        var accountIds = await web1.ImportAccountsAsync(usernames);
        var media = new List<int>();
        foreach (var _ in Captions)
        {
            var path = OperatorApi.MakeVideo(Path.Combine(Path.GetTempPath(), "cluster-media"));
            media.Add((await web1.UploadMediaAsync(path, "video/mp4")).GetProperty("id").GetInt32());
            File.Delete(path);
        }

        var clock = Stopwatch.StartNew();
        var created = await web1.CreateTaskAsync(new
        {
            kind = "bulk_upload",
            name = "cluster bulk upload",
            account_ids = accountIds,
            videos = media.Select((m, i) => new { media_id = m, title = Captions[i] }).ToArray(),
            options = new { upload_method = "instagrapi" },
            max_attempts = 5,
            start = true,
        });
        var taskId = created.GetProperty("id").GetInt32();

        // Mid-run: once a few items are done and w1 holds one, w1's host drops off the network and web1 dies.
        await UntilAsync(() => web2.GetTaskAsync(taskId), t => Done(t) >= 4 && RunningOn(t, "w1") > 0, TimeSpan.FromSeconds(90));
        await cluster.CutAsync("w1");
        await cluster.KillAsync("web1");
        var atStrike = await web2.GetTaskAsync(taskId);
        output.WriteLine($"struck after {clock.Elapsed.TotalSeconds:0.0}s: {Done(atStrike)} done, {RunningOn(atStrike, "w1")} in progress on w1");

        var task = await web2.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(120));
        output.WriteLine($"finished after {clock.Elapsed.TotalSeconds:0.0}s: {task.GetProperty("status")}");
        var items = task.GetProperty("items").EnumerateArray().ToList();
        Assert.True(task.GetProperty("status").GetString() == "completed", Describe(task));
        Assert.All(items, i => Assert.True(i.GetProperty("status").GetString() == "done", Describe(task)));
        Assert.All(items, i => Assert.Equal(Captions.Length, i.GetProperty("success").GetInt32()));

        // Every video posted exactly once, including those of the items w1 had in hand when its link went.
        foreach (var u in usernames)
        {
            var posts = await sandbox.GetFromJsonAsync<List<JsonElement>>($"/sandbox/api/posts?username={u}") ?? [];
            Assert.Equal(Captions, posts.Select(p => p.GetProperty("caption").GetString()).Order());
        }

        var rescued = items.Where(i => i.GetProperty("attempts").GetInt32() > 1).ToList();
        output.WriteLine($"{rescued.Count} item(s) ran more than once: " + string.Join(", ", rescued.Select(i => i.GetProperty("account").GetString())));
        Assert.NotEmpty(rescued);

        // web2 took over the upkeep (it rescued w1's leases), and the registry no longer counts w1 as live.
        Assert.Contains("now runs the upkeep loops", cluster.Log("web2"), StringComparison.Ordinal);
        var after = await UntilAsync(() => WorkersAsync(web2), w => w.Any(x => x.GetProperty("id").GetString() == "w1" && x.GetProperty("status").GetString() == "offline"), TimeSpan.FromSeconds(60));
        Assert.Equal("offline", after.Single(x => x.GetProperty("id").GetString() == "w1").GetProperty("status").GetString());
    }

    /// <summary>
    /// The sign-in form from web1 is posted to web2 (its antiforgery cookie and token were made by web1), and web2's
    /// auth cookie opens the dashboard on web1: both replicas read each other's Data Protection payloads.
    /// </summary>
    private static async Task SignInAcrossReplicasAsync(ClusterHarness cluster)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var form = await http.GetAsync(new Uri(cluster.Web1, "/account/login"));
        var html = await form.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "no antiforgery token on web1's sign-in page");

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.Web2, "/account/login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = cluster.Env["ADMIN_EMAIL"],
                ["Input.Password"] = cluster.Env["ADMIN_PASSWORD"],
            }),
        };
        post.Headers.Add("Cookie", Cookies(form));
        using var signedIn = await http.SendAsync(post);
        Assert.True(signedIn.StatusCode == System.Net.HttpStatusCode.Redirect, $"web2 answered {signedIn.StatusCode} to web1's form");

        using var dashboard = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.Web1, "/"));
        dashboard.Headers.Add("Cookie", Cookies(signedIn));
        using var page = await http.SendAsync(dashboard);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static async Task<List<JsonElement>> WorkersAsync(HttpClient web) =>
        await web.GetFromJsonAsync<List<JsonElement>>("/api/workers") ?? [];

    private static int Done(JsonElement task) =>
        task.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("status").GetString() == "done");

    private static int RunningOn(JsonElement task, string worker) =>
        task.GetProperty("items").EnumerateArray().Count(i =>
            i.GetProperty("status").GetString() == "in_progress" && WorkerOf().Match(i.GetProperty("log").GetString() ?? "").Groups[1].Value == worker);

    private static string Describe(JsonElement task) => string.Join("\n", task.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("account").GetString()}: {i.GetProperty("status").GetString()} attempts={i.GetProperty("attempts").GetInt32()} error={i.GetProperty("last_error")}"));

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"on worker (\S+)")]
    private static partial Regex WorkerOf();
}
