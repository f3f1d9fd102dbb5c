using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>Random amounts between an operator's min and max, and item-stable randomness for resumable choices.</summary>
public static class Amount
{
    /// <summary>A whole number from min to max inclusive (swapped if given the wrong way round, never negative).</summary>
    public static int Between(int? min, int? max, Random random)
    {
        var lo = Math.Max(0, min ?? max ?? 0);
        var hi = Math.Max(0, max ?? lo);
        if (lo > hi)
        {
            (lo, hi) = (hi, lo);
        }

        return random.Next(lo, hi + 1);
    }

    /// <summary>The same random sequence on every attempt of an item, so a retry makes the same choices.</summary>
    public static Random StableFor(ClaimedWork work) =>
        new(BinaryPrimitives.ReadInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{work.Kind}:{work.Id}"))));
}
