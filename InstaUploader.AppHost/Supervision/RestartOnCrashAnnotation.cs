using Aspire.Hosting.ApplicationModel;

namespace InstaUploader.AppHost.Supervision;

/// <summary>Marks a resource the <see cref="CrashSupervisor"/> restarts when its process dies.</summary>
public sealed class RestartOnCrashAnnotation : IResourceAnnotation;
