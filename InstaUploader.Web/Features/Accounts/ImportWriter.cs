using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Writes an import's changes in batches inside one transaction: the progress bar moves with each batch, and a
/// failure anywhere (a constraint, a lost connection, a cancelled circuit) rolls every batch back.
/// </summary>
public static class ImportWriter
{
    public const int BatchSize = 500;

    public static async Task WriteAsync<T>(AppDbContext db, IReadOnlyList<T> records, Action<T> apply, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        progress?.Report(new ImportProgress(0, records.Count));
        var done = 0;
        foreach (var batch in records.Chunk(BatchSize))
        {
            foreach (var record in batch)
            {
                apply(record);
            }

            await db.SaveChangesAsync(ct);
            done += batch.Length;
            progress?.Report(new ImportProgress(done, records.Count));
        }

        await tx.CommitAsync(ct);
    }
}
