namespace InstaUploader.Instagram.Dolphin;

/// <summary>The Dolphin Anty local API refused or failed a call (app not running, not signed in, profile failed to start).</summary>
public sealed class DolphinAntyException : Exception
{
    public DolphinAntyException() { }
    public DolphinAntyException(string message) : base(message) { }
    public DolphinAntyException(string message, Exception inner) : base(message, inner) { }
}
