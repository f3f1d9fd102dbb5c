namespace InstaUploader.Sandbox.Mobile;

/// <summary>Instagram's shortcode: the media pk written in URL-safe base64 digits (as in /p/&lt;code&gt;/).</summary>
public static class MediaCode
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static string FromPk(long pk)
    {
        if (pk <= 0)
        {
            return "A";
        }

        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        for (var v = pk; v > 0; v /= 64)
        {
            buffer[--i] = Alphabet[(int)(v % 64)];
        }

        return new string(buffer[i..]);
    }
}
