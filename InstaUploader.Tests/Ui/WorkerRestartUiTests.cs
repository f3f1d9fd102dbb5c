using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>The console's restart button asks through WorkerRestarts (the page writes nothing itself); the worker hears it in its heartbeat.</summary>
[Collection(UiTopologyCollection.Name)]
public sealed class WorkerRestartUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_restart_button_flags_the_worker_for_its_next_heartbeat()
    {
        // A registered worker of its own (not a replica: a real restart would disturb the other tests).
        var workerId = $"ui-restart-{Guid.NewGuid():n}"[..24];
        using var worker = fx.WorkerClient();
        (await worker.PostAsJsonAsync("/api/workers/register", new { worker_id = workerId, base_url = "http://127.0.0.1:9", capacity = 1 })).EnsureSuccessStatusCode();

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"workers/{workerId}");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = $"Request restart of {workerId}" }).ClickAsync();

        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = $"Request restart of {workerId}" })).ToHaveTextAsync("Restart pending", new() { Timeout = 15_000 });
        using var beat = await worker.PostAsJsonAsync("/api/workers/heartbeat", new { worker_id = workerId, active_jobs = 0 });
        Assert.True((await beat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("restart_requested").GetBoolean());
    }
}
