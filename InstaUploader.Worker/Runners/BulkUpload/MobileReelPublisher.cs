using InstaUploader.Instagram.Mobile;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.BulkUpload;

/// <summary>"instagrapi": reels through the private mobile API, each under its deterministic upload_id.</summary>
public sealed class MobileReelPublisher(MobileAccountLogin login) : IReelPublisher
{
    public UploadMethod Method => UploadMethod.Instagrapi;

    public async Task<IReelChannel> OpenAsync(WorkAccount account, IWorkContext context, CancellationToken ct) =>
        new Channel(login.Client, await login.LoginAsync(account, context, ct));

    private sealed class Channel(InstagramMobileClient client, MobileSession session) : IReelChannel
    {
        public async Task<string?> PublishAsync(PlannedReel reel, string videoPath, CancellationToken ct)
        {
            var media = await client.UploadClipAsync(session, new ClipUpload(videoPath, reel.Caption)
            {
                Location = reel.Location is { } place ? new MobileLocation(place) : null,
                UploadId = reel.UploadId,
            }, ct);
            return media.Code;
        }

        /// <summary>Nothing to look up: publishing again under the reel's upload_id answers with the post already made.</summary>
        public Task<string?> FindPublishedAsync(PlannedReel reel, DateTimeOffset since, CancellationToken ct) => Task.FromResult<string?>(null);

        public Task SaveStateAsync(IWorkContext context, CancellationToken ct) => MobileAccountLogin.SaveAsync(session, context, ct);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
