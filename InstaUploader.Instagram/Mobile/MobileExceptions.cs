using System.Net;

namespace InstaUploader.Instagram.Mobile;

/// <summary>Any other error the private API answered with (status "fail"), with what it said.</summary>
public class InstagramApiException : InstagramException
{
    public InstagramApiException() { }
    public InstagramApiException(string message) : base(message) { }
    public InstagramApiException(string message, Exception inner) : base(message, inner) { }

    public InstagramApiException(string message, HttpStatusCode? statusCode, string? errorType) : base(message)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    /// <summary>Null when no answer came (connection failed).</summary>
    public HttpStatusCode? StatusCode { get; }

    public string? ErrorType { get; }
}

/// <summary>The username or user id does not exist (or is not visible).</summary>
public sealed class UserNotFoundException : InstagramException
{
    public UserNotFoundException() { }
    public UserNotFoundException(string message) : base(message) { }
    public UserNotFoundException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The account's proxy could not carry the request: unreachable, refused the tunnel or the credentials. Instagram was
/// never reached; fix or replace the proxy (retrying the same one rarely helps).
/// </summary>
public sealed class ProxyFailedException : InstagramException
{
    public ProxyFailedException() { }
    public ProxyFailedException(string message) : base(message) { }
    public ProxyFailedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>configure answered 202 "Transcode not finished yet": the video arrived and is still being processed.</summary>
public sealed class TranscodePendingException : InstagramException
{
    public TranscodePendingException() { }
    public TranscodePendingException(string message) : base(message) { }
    public TranscodePendingException(string message, Exception inner) : base(message, inner) { }
}
