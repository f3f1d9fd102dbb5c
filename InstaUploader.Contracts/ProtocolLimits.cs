namespace InstaUploader.Contracts;

/// <summary>The longest texts the protocol takes; longer ones are refused with a field error.</summary>
public static class ProtocolLimits
{
    /// <summary>A log line, an error message or an answer text.</summary>
    public const int MaxText = 65_536;

    /// <summary>A task log set as a whole.</summary>
    public const int MaxTaskLog = 200_000;

    /// <summary>A saved mobile session or a browser cookie jar.</summary>
    public const int MaxAccountState = 1_000_000;
}
