using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
var config = builder.Configuration;

var postgres = builder.AddPostgres("postgres").WithDataDirectory(".instauploader/pgdata");
var db = postgres.AddDatabase("instauploader");

var workerToken = builder.AddParameter("worker-api-token", secret: true, environmentVariable: "WORKER_API_TOKEN");
var operatorToken = builder.AddParameter("operator-api-token", secret: true, environmentVariable: "OPERATOR_API_TOKEN");
var workerPassword = builder.AddParameter("worker-password", secret: true, environmentVariable: "WORKER_PASSWORD");
var scraperKey = builder.AddParameter("scraper-api-key", secret: true, environmentVariable: "SCRAPER_API_KEY");
var adminPassword = builder.AddParameter("admin-password", secret: true, environmentVariable: "ADMIN_PASSWORD", persist: true);
const string AdminEmail = "admin@instauploader.local";

// The local stand-in for Instagram, Dolphin Anty and the mailbox; off with --sandbox false in production.
var sandbox = config.GetValue("sandbox", true)
    ? builder.AddProject<Projects.InstaUploader_Sandbox>("sandbox")
        .WithHttpEndpoint(port: config.GetValue("sandbox-port", 8100))
        .WithEndpoint("imap", port: config.GetValue("sandbox-imap-port", 8143))
    : null;
sandbox?.WithEnvironment(ctx => ctx.EnvironmentVariables["Sandbox__ImapPort"] = Port(sandbox, "imap"));

var web = builder.AddProject<Projects.InstaUploader_Web>("web")
    .WithHttpEndpoint(port: config.GetValue("web-port", 8000))
    .WithEndpoint("scraper", port: config.GetValue("scraper-port", 8001))
    .WithReference(db).WaitFor(db)
    .WithEnvironment("WORKER_API_TOKEN", workerToken)
    .WithEnvironment("OPERATOR_API_TOKEN", operatorToken)
    .WithEnvironment("WORKER_USERNAME", "worker")
    .WithEnvironment("WORKER_PASSWORD", workerPassword)
    .WithEnvironment("SCRAPER_API_KEY", scraperKey)
    .WithEnvironment("ADMIN_EMAIL", AdminEmail)
    .WithEnvironment("ADMIN_PASSWORD", adminPassword)
    .WithEnvironment("Demo__Enabled", config.GetValue("demo", false) ? "true" : "false");
web.WithEnvironment(ctx => ctx.EnvironmentVariables["SCRAPER_PORT"] = Port(web, "scraper"));

var workers = builder.AddProject<Projects.InstaUploader_Worker>("worker")
    .WithHttpEndpoint(port: config.GetValue("worker-port", 9000))
    .WithReplicas(config.GetValue("workers", 2))
    .WithReference(web).WaitFor(web)
    .WithEnvironment("WORKER_API_TOKEN", workerToken);
if (config["worker-lease-seconds"] is { } lease)
{
    // Short leases let tests see a killed worker's items reclaimed quickly.
    workers.WithEnvironment("LEASE_SECONDS", lease);
}

web.WithReference(workers);

if (sandbox is not null)
{
    web.WithReference(sandbox);
    // Workers talk to the Sandbox as they would to Instagram, Dolphin Anty and a mail server.
    workers.WithReference(sandbox).WaitFor(sandbox).WithEnvironment(ctx =>
    {
        var url = sandbox.Resource.GetEndpoint(0).ToString();
        ctx.EnvironmentVariables["Instagram__WebBaseUrl"] = url;
        ctx.EnvironmentVariables["Instagram__ApiBaseUrl"] = url;
        ctx.EnvironmentVariables["Instagram__MinActionDelayMs"] = "0";
        ctx.EnvironmentVariables["Instagram__MaxActionDelayMs"] = "0";
        ctx.EnvironmentVariables["Dolphin__ApiHost"] = url;
        ctx.EnvironmentVariables["Instagram__Imap__Host"] = "127.0.0.1";
        ctx.EnvironmentVariables["Instagram__Imap__Port"] = Port(sandbox, "imap");
        ctx.EnvironmentVariables["Instagram__Imap__Security"] = "None";
    });
}

var app = builder.Build();
if (config.GetValue("demo", false))
{
    // Demo runs print where to sign in; the password is kept in .instauploader/parameters.json.
    app.AfterStartedMessage =
        $"Sign in at http://localhost:{config.GetValue("web-port", 8000)} as {AdminEmail} / {adminPassword.Resource.Value}\n" +
        $"Operator API (/api/v1, OpenAPI at /openapi/v1.json): Authorization: Bearer {operatorToken.Resource.Value}\n" +
        $"Scraper API (seed 004) at http://localhost:{config.GetValue("scraper-port", 8001)}/api: Authorization: Bearer {scraperKey.Resource.Value}";
}

app.Run();

static string Port(IResourceBuilder<ProjectResource> project, string endpoint) =>
    project.Resource.GetPort(endpoint).ToString(System.Globalization.CultureInfo.InvariantCulture);
