using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Components.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

[Collection(UiTopologyCollection.Name)]
public sealed class TaskFormValidationUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Every_kind_has_a_form_whose_empty_submit_shows_each_error_next_to_its_field()
    {
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();

        var problems = new List<string>();
        foreach (var (kind, label, _) in TaskUi.Kinds)
        {
            await ui.GotoAsync("tasks/new/" + kind);
            await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = $"New {label.ToLowerInvariant()} task", Level = 1 })).ToBeVisibleAsync(UiSession.Slow);
            if (kind == "follow")
            {
                await ui.Page.GetByLabel("Follow category").SelectOptionAsync("");
            }

            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
            await Expect(ui.Page.GetByTestId("form-error")).ToBeVisibleAsync(UiSession.Slow);

            // The alert only lists errors the form could not place beside a field; here every one has its place.
            var unplaced = await ui.Page.GetByTestId("form-error").Locator("li").AllInnerTextsAsync();
            problems.AddRange(unplaced.Select(u => $"{kind}: not beside its field: {u}"));
            if (await ui.Page.Locator(".field-error:visible").CountAsync() == 0)
            {
                problems.Add($"{kind}: no field-level message");
            }

            // Every inline message is announced with its input or group.
            var orphans = await ui.Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.field-error[id]')]
                    .filter(e => !document.querySelector(`[aria-describedby~="${e.id}"]`))
                    .map(e => e.id)
                """);
            problems.AddRange(orphans.Select(o => $"{kind}: {o} is not referenced by aria-describedby"));
            await ui.ScreenshotAsync($"Task_form_errors_{kind}");
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_message_goes_once_its_field_is_changed_and_examples_read_in_full()
    {
        using var op = fx.OperatorClient();
        await op.CreateAccountAsync(OperatorApi.Unique("fix"));
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("tasks/new/bulk_upload");
        await Expect(ui.Page.Locator("#default-mentions")).ToHaveAttributeAsync("placeholder", "@brand @partner");

        await ui.GotoAsync("tasks/new/warmup");
        await ui.Page.GetByLabel("Likes min").FillAsync("9");
        await ui.Page.GetByLabel("Likes max").FillAsync("2");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        var likesError = ui.Page.Locator("#" + ErrorIds.For("options.likes_min"));
        await Expect(likesError).ToBeVisibleAsync(UiSession.Slow);
        await Expect(ui.Page.GetByLabel("Likes min")).ToHaveAttributeAsync("aria-invalid", "true");
        await ui.ScreenshotAsync("Task_form_error_before_fix");

        await ui.Page.GetByLabel("Likes min").FillAsync("1");
        await ui.Page.GetByLabel("Likes min").PressAsync("Tab");
        await Expect(likesError).ToBeHiddenAsync();
        await Expect(ui.Page.GetByLabel("Likes min")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        // Only the changed field's message goes: the accounts still missing keep theirs until the next save.
        await Expect(ui.Page.Locator(".field-error:visible")).Not.ToHaveCountAsync(0);
        await ui.ScreenshotAsync("Task_form_error_after_fix");

        // A checklist's message goes once something is ticked in it.
        var accountsError = ui.Page.Locator("#err-accounts");
        await Expect(accountsError).ToBeVisibleAsync();
        await ui.Page.GetByTestId("checklist-accounts").Locator(".picker input[type=checkbox]").First.CheckAsync();
        await Expect(accountsError).ToBeHiddenAsync();
    }
}
