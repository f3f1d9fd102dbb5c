using System.Text;
using System.Text.RegularExpressions;

namespace InstaUploader.Sandbox.Mail;

/// <summary>IMAP command syntax: atoms, quoted strings, parenthesised lists, literals and sequence sets.</summary>
internal static partial class ImapTokens
{
    public static List<string> Split(string line)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] == ' ')
            {
                i++;
                continue;
            }

            if (line[i] == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                    }

                    value.Append(line[i++]);
                }

                i++;
                tokens.Add(value.ToString());
                continue;
            }

            if (line[i] == '(')
            {
                var depth = 0;
                var start = i;
                do
                {
                    depth += line[i] == '(' ? 1 : line[i] == ')' ? -1 : 0;
                    i++;
                }
                while (i < line.Length && depth > 0);

                tokens.Add(line[start..i]);
                continue;
            }

            var end = line.IndexOf(' ', i);
            end = end < 0 ? line.Length : end;
            // An atom may carry a bracketed section with spaces, e.g. BODY.PEEK[HEADER.FIELDS (FROM)].
            var bracket = line.IndexOf('[', i);
            if (bracket >= 0 && bracket < end)
            {
                var close = line.IndexOf(']', bracket);
                end = close < 0 ? line.Length : Math.Max(end, line.IndexOf(' ', close) is var s && s >= 0 ? s : line.Length);
            }

            tokens.Add(line[i..end]);
            i = end;
        }

        return tokens;
    }

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static (int Start, int Length, bool NonSynchronizing)? TrailingLiteral(string line)
    {
        var match = LiteralPattern().Match(line);
        return match.Success
            ? (match.Index, int.Parse(match.Groups[1].Value), match.Groups[2].Success && match.Groups[2].Value == "+")
            : null;
    }

    /// <summary>Whether <paramref name="number"/> is in a set such as "1", "2:4", "3:*" or "1,5:7".</summary>
    public static bool InSet(string set, int number, int max)
    {
        foreach (var part in set.Split(','))
        {
            var range = part.Split(':');
            var low = Bound(range[0], max);
            var high = range.Length > 1 ? Bound(range[1], max) : low;
            if (number >= Math.Min(low, high) && number <= Math.Max(low, high))
            {
                return true;
            }
        }

        return false;
    }

    private static int Bound(string value, int max) => value == "*" ? max : int.TryParse(value, out var n) ? n : 0;

    [GeneratedRegex(@"\{(\d+)(\+)?\}$")]
    private static partial Regex LiteralPattern();
}
