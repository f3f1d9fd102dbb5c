using InstaUploader.AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
var options = AppHostOptions.From(builder.Configuration, builder.AppHostDirectory);

// PostgreSQL: given (ConnectionStrings__instauploader) or in publish mode a connection string; else our own cluster.
var db = builder.AddInstaUploaderDatabase(options);

var workerToken = builder.AddSecret("worker-token", "WORKER_API_TOKEN");
var operatorToken = builder.AddSecret("operator-api-token", "OPERATOR_API_TOKEN");
var workerPassword = builder.AddSecret("worker-password", "WORKER_PASSWORD");
var scraperKey = builder.AddSecret("scraper-api-key", "SCRAPER_API_KEY");
var adminPassword = builder.AddSecret("admin-password", "ADMIN_PASSWORD", persist: true);

// The local stand-in for Instagram, Dolphin Anty and the mailbox; off with --sandbox false in production.
var sandbox = options.Sandbox
    ? builder.AddProject<Projects.InstaUploader_Sandbox>("sandbox").InAppHostEnvironment()
        .WithHttpEndpoint(port: options.SandboxPort)
        .WithHttpHealthCheck("/health")
        .WithEndpoint(port: options.SandboxImapPort, scheme: "tcp", name: "imap", env: "Sandbox__ImapPort")
    : null;

var web = builder.AddProject<Projects.InstaUploader_Web>("web").InAppHostEnvironment()
    // Not behind the orchestrator's proxy: the Web must see its callers' own addresses (WORKER_ALLOWED_IPS, rate limits).
    .WithHttpEndpoint(port: options.WebPort, isProxied: false)
    .WithHttpEndpoint(port: options.ScraperPort, name: "scraper", env: "Scraper__Port", isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithReference(db).WaitFor(db)
    .WithEnvironment("Auth__WorkerToken", workerToken)
    .WithEnvironment("Auth__OperatorToken", operatorToken)
    .WithEnvironment("Auth__WorkerUsername", "worker")
    .WithEnvironment("Auth__WorkerPassword", workerPassword)
    .WithEnvironment("Scraper__ApiKey", scraperKey)
    .WithEnvironment("Admin__Email", AppHostOptions.AdminEmail)
    .WithEnvironment("Admin__Password", adminPassword)
    .WithEnvironment("DataProtection__CertificatePath", options.DataProtectionCertificate)
    .WithEnvironment("Demo__Enabled", options.Demo ? "true" : "false")
    // An item page links to its run's trace in the dashboard.
    .WithEnvironment("Telemetry__TraceUiUrl", options.TraceUiUrl ?? "");

// Replicas share one proxied endpoint (:9000); each announces its own address to the Web's worker registry,
// which is where the Web sends nudges. --workers 0 runs the control plane alone.
var workers = options.Workers > 0
    ? builder.AddProject<Projects.InstaUploader_Worker>("worker").InAppHostEnvironment()
        .WithHttpEndpoint(port: options.WorkerPort)
        .WithHttpHealthCheck("/health")
        .WithPublishedReplicas(options.Workers)
        .WithReference(web).WaitFor(web)
        .WithEnvironment("Worker__WorkerToken", workerToken)
        .WithEnvironment("Worker__LeaseSeconds", options.WorkerLeaseSeconds)
        .WithRestartOnCrash()
    : null;

if (sandbox is not null)
{
    // Dolphin's panel token: the Sandbox checks it, the Web creates profiles with it, workers sign the local app in with it.
    var dolphinToken = builder.AddSecret("dolphin-api-token", "DOLPHIN_API_TOKEN");
    sandbox.WithEnvironment("Sandbox__DolphinApiToken", dolphinToken);
    web.WithReference(sandbox).CreateDolphinProfilesOnSandbox(sandbox, dolphinToken);
    workers?.WithReference(sandbox).WaitFor(sandbox).TalkToSandbox(sandbox, dolphinToken);
}

if (options.Demo)
{
    builder.PrintSignInOnceReady(web, adminPassword, operatorToken, scraperKey, workerToken);
}

builder.RunBuiltProjectsDirectly();
builder.QuietDashboardLogs();
builder.ExitWhenAnyResourceFailsToStart();
return builder.Build().RunToExitCode();
