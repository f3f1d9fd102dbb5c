namespace InstaUploader.Web.Features.Errors;

/// <summary>
/// What a text value must be before it is stored or searched: no NUL or other control characters (PostgreSQL refuses
/// NUL in text with 22021 and in jsonb with 22P05), no lone surrogate halves (not encodable as UTF-8), and not longer
/// than the field's limit. Tabs and line breaks stay allowed in multi-line fields (logs, notes, imports).
/// </summary>
public static class TextRules
{
    /// <summary>Any string field without its own [MaxLength]: a name, an id, a URL, a password.</summary>
    public const int DefaultMaxLength = 4096;

    /// <summary>One log line, an error message or a stack trace a worker reports.</summary>
    public const int MaxLogLineLength = ProtocolLimits.MaxText;

    /// <summary>A query-string or route value, or a header we store (X-Worker-Id, Idempotency-Key).</summary>
    public const int MaxParameterLength = 2048;

    /// <summary>The reason the value is refused, or null when it is acceptable.</summary>
    public static string? Problem(string value, int maxLength, bool allowLineBreaks = true)
    {
        if (value.Length > maxLength)
        {
            return $"Must be at most {maxLength} characters (got {value.Length}).";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "Must not contain NUL characters (\\u0000).";
            }

            if ((char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\n' or '\r')))
            {
                return $"Must not contain control characters (found \\u{(int)c:x4} at position {i}).";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"Must not contain a lone UTF-16 surrogate (at position {i}).";
            }
        }

        return null;
    }
}
