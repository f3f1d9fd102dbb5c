using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
var config = builder.Configuration;

var postgres = builder.AddPostgres("postgres").WithDataDirectory(".instauploader/pgdata");
var db = postgres.AddDatabase("instauploader");

var workerToken = builder.AddParameter("worker-api-token", secret: true, environmentVariable: "WORKER_API_TOKEN");
var operatorToken = builder.AddParameter("operator-api-token", secret: true, environmentVariable: "OPERATOR_API_TOKEN");
var workerPassword = builder.AddParameter("worker-password", secret: true, environmentVariable: "WORKER_PASSWORD");

// The local stand-in for Instagram, Dolphin Anty and the mailbox; off with --sandbox false in production.
var sandbox = config.GetValue("sandbox", true)
    ? builder.AddProject<Projects.InstaUploader_Sandbox>("sandbox")
        .WithHttpEndpoint(port: config.GetValue("sandbox-port", 8100))
    : null;

var web = builder.AddProject<Projects.InstaUploader_Web>("web")
    .WithHttpEndpoint(port: config.GetValue("web-port", 8000))
    .WithReference(db).WaitFor(db)
    .WithEnvironment("WORKER_API_TOKEN", workerToken)
    .WithEnvironment("OPERATOR_API_TOKEN", operatorToken)
    .WithEnvironment("WORKER_USERNAME", "worker")
    .WithEnvironment("WORKER_PASSWORD", workerPassword)
    .WithEnvironment("Demo__Enabled", config.GetValue("demo", false) ? "true" : "false");

var workers = builder.AddProject<Projects.InstaUploader_Worker>("worker")
    .WithHttpEndpoint(port: config.GetValue("worker-port", 9000))
    .WithReplicas(config.GetValue("workers", 2))
    .WithReference(web).WaitFor(web)
    .WithEnvironment("WORKER_API_TOKEN", workerToken);

web.WithReference(workers);

if (sandbox is not null)
{
    web.WithReference(sandbox);
    workers.WithReference(sandbox).WaitFor(sandbox);
}

builder.Build().Run();
