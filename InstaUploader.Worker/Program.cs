using InstaUploader.Worker;
using InstaUploader.Worker.Features.Control;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyLimits(BadRequestProblems.MaxBodyBytes);
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapControlApi();

app.Run();
