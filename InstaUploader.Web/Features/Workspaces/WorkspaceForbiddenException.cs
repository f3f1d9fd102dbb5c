namespace InstaUploader.Web.Features.Workspaces;

/// <summary>A write the caller's role may not make; answered 403 (the error handler) or shown as the page's error.</summary>
public sealed class WorkspaceForbiddenException(string message) : Exception(message);
