using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.BulkUpload;

/// <summary>One upload method: logs an account in and hands out a channel that posts its reels.</summary>
public interface IReelPublisher
{
    UploadMethod Method { get; }

    Task<IReelChannel> OpenAsync(WorkAccount account, IWorkContext context, CancellationToken ct);
}

/// <summary>A logged-in account posting reels. Disposing releases what it holds (e.g. stops the browser).</summary>
public interface IReelChannel : IAsyncDisposable
{
    /// <summary>Posts the reel; returns the media code (or pk) when Instagram tells it.</summary>
    Task<string?> PublishAsync(PlannedReel reel, string videoPath, CancellationToken ct);

    /// <summary>
    /// The code (or pk) of this reel's post when an earlier try already published it, at or after
    /// <paramref name="since"/>; else null. Asked before a video is tried again, since a try whose answer was lost
    /// may have posted it. Null too when the method makes a repeat harmless by itself.
    /// </summary>
    Task<string?> FindPublishedAsync(PlannedReel reel, DateTimeOffset since, CancellationToken ct);

    /// <summary>Saves the account's session or cookies on the Web so the next run reuses the login.</summary>
    Task SaveStateAsync(IWorkContext context, CancellationToken ct);
}
