using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>Test-side helpers over the operator API (/api/v1): make accounts, media and tasks.</summary>
public static class OperatorApi
{
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("n")[..10]}";

    public static async Task<int> CreateAccountAsync(this HttpClient op, string username, string password = "secret-pass-1",
        string? twoFactorSecret = null, string? email = null, string? emailPassword = null, string? dolphinProfileId = null)
    {
        using var response = await op.PostAsJsonAsync("/api/v1/accounts", new
        {
            username, password, two_factor_secret = twoFactorSecret, email_login = email, email_password = emailPassword,
            dolphin_profile_id = dolphinProfileId,
        });
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Imports many accounts in one request; returns their ids.</summary>
    public static async Task<List<int>> ImportAccountsAsync(this HttpClient op, IReadOnlyList<string> usernames)
    {
        using var response = await op.PostAsJsonAsync("/api/v1/accounts/import", new { text = string.Join('\n', usernames.Select(u => $"{u}:pw-{u}")) });
        await EnsureAsync(response);
        var ids = new List<int>();
        foreach (var chunk in usernames.Chunk(100))
        {
            foreach (var u in chunk)
            {
                var page = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts?q={u}&page_size=5");
                ids.Add(page.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("username").GetString() == u).GetProperty("id").GetInt32());
            }
        }

        return ids;
    }

    public static async Task<JsonElement> UploadMediaAsync(this HttpClient op, string path, string contentType)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", Path.GetFileName(path));
        using var response = await op.PostAsync("/api/v1/media", form);
        await EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> CreateTaskAsync(this HttpClient op, object request)
    {
        using var response = await op.PostAsJsonAsync("/api/v1/tasks", request);
        await EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task StartTaskAsync(this HttpClient op, int taskId)
    {
        using var response = await op.PostAsync($"/api/v1/tasks/{taskId}/start", null);
        await EnsureAsync(response);
    }

    public static async Task<JsonElement> GetTaskAsync(this HttpClient op, int taskId) =>
        await op.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}");

    /// <summary>Polls the task until it is finished (completed, failed or cancelled) or the timeout passes.</summary>
    public static async Task<JsonElement> WaitForTaskAsync(this HttpClient op, int taskId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var task = await op.GetTaskAsync(taskId);
            if (task.GetProperty("status").GetString() is "completed" or "failed" or "cancelled" || DateTime.UtcNow > deadline)
            {
                return task;
            }

            await Task.Delay(300);
        }
    }

    /// <summary>
    /// A real, playable video made by ffmpeg. Distinct per call (a unique comment tag; nearby hues alone can encode
    /// to the same bytes), so the library's dedupe by sha256 never merges two test videos.
    /// </summary>
    public static string MakeVideo(string dir, double seconds = 1, int size = 64)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"v-{Guid.NewGuid():n}.mp4");
        var hue = Random.Shared.Next(0, 360);
        Run("ffmpeg", $"-v error -y -f lavfi -i testsrc=duration={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}:size={size}x{size}:rate=10 -vf hue=h={hue} -pix_fmt yuv420p -c:v libx264 -preset ultrafast -metadata comment={Guid.NewGuid():n} \"{path}\"");
        return path;
    }

    public static string MakeImage(string dir)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"i-{Guid.NewGuid():n}.jpg");
        Run("ffmpeg", $"-v error -y -f lavfi -i color=c=0x{Random.Shared.Next(0, 0xFFFFFF):x6}:s=64x64 -frames:v 1 \"{path}\"");
        // Bytes after the JPEG end marker are ignored by decoders but make every test image hash differently.
        using (var file = File.Open(path, FileMode.Append))
        {
            file.Write(Guid.NewGuid().ToByteArray());
        }
        return path;
    }

    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {err}");
        }
    }

    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
