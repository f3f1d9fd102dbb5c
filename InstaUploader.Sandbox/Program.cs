using InstaUploader.Sandbox;

var app = SandboxApp.Create(args);
app.Run();
