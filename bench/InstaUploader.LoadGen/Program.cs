using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

// End-to-end load: the whole topology (Postgres, Web, N workers, Sandbox), A accounts × V videos of bulk upload
// per upload method, run to the end through the operator API. Prints wall time and posts per minute per method.
// Usage: dotnet run -c Release --project bench/InstaUploader.LoadGen [-- --accounts 20 --videos 2 --workers 2 --methods instagrapi,playwright]
var accounts = Option("--accounts", 20);
var videos = Option("--videos", 2);
var workers = Option("--workers", 2);
var methods = args.SkipWhile(a => a != "--methods").Skip(1).Select(a => a.Split(',')).FirstOrDefault(["instagrapi", "playwright"]);

Console.WriteLine($"Starting Postgres, Web, {workers} worker(s) and the Sandbox ...");
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.InstaUploader_AppHost>(
    ["--workers", workers.ToString(CultureInfo.InvariantCulture), "--ephemeral-data", "true"]);
await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync("web");
using var web = app.CreateHttpClient("web");
web.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "operator-api-token").GetValueAsync(default))!);
using var sandbox = app.CreateHttpClient("sandbox");

var media = new List<int>();
for (var v = 0; v < videos; v++)
{
    media.Add(await UploadVideoAsync(v));
}

Console.WriteLine($"| method | accounts × videos | workers | wall s | posts/min |");
Console.WriteLine($"|---|---|---|---|---|");
foreach (var method in methods)
{
    var ids = await AccountsAsync(method);
    var created = await SendAsync(HttpMethod.Post, "/api/v1/tasks", new
    {
        kind = "bulk_upload",
        name = $"loadgen {method}",
        account_ids = ids,
        videos = media.Select((id, i) => new { media_id = id, title = $"Load {i + 1}" }).ToArray(),
        options = new { upload_method = method },
        start = true,
    });
    var clock = Stopwatch.StartNew();
    var task = await WaitAsync(created.GetProperty("id").GetInt32(), TimeSpan.FromMinutes(30));
    var took = clock.Elapsed.TotalSeconds;
    var status = task.GetProperty("status").GetString();
    Console.WriteLine($"| {method} | {accounts} × {videos} | {workers} | {took:0.0} | {accounts * videos / took * 60:0} |{(status == "completed" ? "" : $" task {status}")}");
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);

async Task<int[]> AccountsAsync(string method)
{
    var ids = new int[accounts];
    for (var i = 0; i < accounts; i++)
    {
        var username = $"load_{method[..4]}_{i}_{Guid.NewGuid():n}"[..24];
        const string password = "load-pass-1";
        using var registered = await sandbox.PostAsJsonAsync("/sandbox/api/accounts", new { username, password });
        registered.EnsureSuccessStatusCode();
        ids[i] = (await SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username, password })).GetProperty("id").GetInt32();
    }

    return ids;
}

async Task<int> UploadVideoAsync(int index)
{
    var path = Path.Combine(Path.GetTempPath(), $"loadgen-{Guid.NewGuid():n}.mp4");
    using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
               $"-v error -y -f lavfi -i testsrc2=duration=2:size=320x320:rate=25 -vf hue=h={index * 40} -pix_fmt yuv420p -c:v libx264 -preset veryfast -metadata comment={Guid.NewGuid():n} \"{path}\"")
           { UseShellExecute = false })!)
    {
        await ffmpeg.WaitForExitAsync();
        if (ffmpeg.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg could not make the test video");
        }
    }

    try
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", Path.GetFileName(path));
        using var response = await web.PostAsync("/api/v1/media", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
    finally
    {
        File.Delete(path);
    }
}

async Task<JsonElement> SendAsync(HttpMethod method, string path, object body)
{
    using var response = await web.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    return await response.Content.ReadFromJsonAsync<JsonElement>();
}

async Task<JsonElement> WaitAsync(int taskId, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (true)
    {
        var task = await web.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}");
        if (task.GetProperty("status").GetString() is "completed" or "failed" or "cancelled" || DateTime.UtcNow > deadline)
        {
            return task;
        }

        await Task.Delay(250);
    }
}
