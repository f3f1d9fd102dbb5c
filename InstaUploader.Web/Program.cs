using InstaUploader.Web;
using InstaUploader.Web.Components;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Identity;
using InstaUploader.Web.Features.Secrets;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Workspaces;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebServices();

var app = builder.Build();

await DatabaseMigrator.MigrateAsync(app.Services);
if (args.Contains("--migrate-only"))
{
    // The migrations Job of deploy/kubernetes: apply both contexts' migrations, then exit (README "Migrations").
    await InstaUploader.Web.Features.Scraper.ScraperMigrator.MigrateAsync(app.Services, default);
    return;
}

await KeyRingProtection.EncryptStoredKeysAsync(app.Services);
await AdminSeeder.SeedAsync(app.Services);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyLimits();
app.UseRequestRules();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseWorkspaces();
app.UseTwoFactorEnforcement();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapWebApis();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
