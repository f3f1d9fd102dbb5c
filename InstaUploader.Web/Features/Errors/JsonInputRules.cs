using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace InstaUploader.Web.Features.Errors;

/// <summary>
/// One place that checks every JSON request body of our own types as it is read, so no route has to remember:
/// strings obey <see cref="TextRules"/> (their [MaxLength]/[StringLength] or <see cref="TextRules.DefaultMaxLength"/>),
/// non-nullable or [Required] members must be present and not null, lists of non-nullable strings hold no nulls, and
/// JSON fragments (options, metrics, result) carry no \u0000 that PostgreSQL's jsonb would refuse. A violation throws
/// <see cref="JsonInputException"/>, which the error handler turns into a 400 with one message per field.
/// </summary>
public static class JsonInputRules
{
    private const int DefaultMaxJsonLength = 1_000_000;

    /// <summary>Adds the checks to <paramref name="options"/> (before its first use).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Modify);
        return options;
    }

    private static void Modify(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Namespace?.StartsWith("InstaUploader.", StringComparison.Ordinal) != true)
        {
            return;
        }

        // Built per options and type: the options cache the type info, and field names follow their naming policy.
        Check[] checks = [.. info.Properties.Select(CheckFor).OfType<Check>()];
        if (checks.Length == 0)
        {
            return;
        }

        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            previous?.Invoke(value);
            var errors = new FieldErrors();
            foreach (var check in checks)
            {
                check.Run(value, errors);
            }

            if (errors.Any)
            {
                throw new JsonInputException(errors.ToDictionary());
            }
        };
    }

    private static Check? CheckFor(JsonPropertyInfo property)
    {
        if (property.Get is not { } get || property.AttributeProvider is not PropertyInfo member)
        {
            return null;
        }

        // A context per property: NullabilityInfoContext caches without locking, and concurrent first requests of
        // different body types build their checks at the same time (a shared one threw from a corrupted dictionary).
        var nullability = new NullabilityInfoContext().Create(member);
        var required = member.GetCustomAttribute<RequiredAttribute>() is not null
                       || (!member.PropertyType.IsValueType && nullability.ReadState == NullabilityState.NotNull);
        var maxLength = member.GetCustomAttribute<MaxLengthAttribute>()?.Length
                        ?? member.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength;
        // [Url], [Range], [EmailAddress]…: the length and presence rules above already cover the rest.
        var attributes = member.GetCustomAttributes<ValidationAttribute>()
            .Where(a => a is not (RequiredAttribute or MaxLengthAttribute or StringLengthAttribute))
            .ToArray();
        var type = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
        var name = property.Name;

        Action<object, FieldErrors>? rule = null;
        if (type == typeof(string))
        {
            rule = (v, e) => Text(name, (string)v, maxLength ?? TextRules.DefaultMaxLength, e);
        }
        else if (type == typeof(JsonElement))
        {
            rule = (v, e) => Fragment(name, (JsonElement)v, maxLength ?? DefaultMaxJsonLength, e);
        }
        else if (typeof(IEnumerable<string>).IsAssignableFrom(type))
        {
            var nullsAllowed = nullability.ElementType?.ReadState == NullabilityState.Nullable
                               || nullability.GenericTypeArguments is [{ ReadState: NullabilityState.Nullable }];
            rule = (v, e) => TextList(name, (IEnumerable)v, nullsAllowed, maxLength ?? TextRules.DefaultMaxLength, e);
        }

        if (rule is null && attributes.Length == 0 && !required)
        {
            return null;
        }

        return new Check(name, get, required, (value, errors) =>
        {
            var before = errors.Count;
            rule?.Invoke(value, errors);
            foreach (var attribute in attributes)
            {
                if (errors.Count == before && !attribute.IsValid(value))
                {
                    errors.Add(name, attribute.FormatErrorMessage(name));
                }
            }
        });
    }

    private static void Text(string field, string value, int maxLength, FieldErrors errors)
    {
        if (TextRules.Problem(value, maxLength) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    private static void TextList(string field, IEnumerable values, bool nullsAllowed, int maxLength, FieldErrors errors)
    {
        var index = 0;
        foreach (var value in values)
        {
            if (value is string s && TextRules.Problem(s, maxLength) is { } problem)
            {
                errors.Add(field, $"Item {index}: {problem}");
            }
            else if (value is null && !nullsAllowed)
            {
                errors.Add(field, $"Item {index} is null; the list takes only strings.");
            }

            index++;
        }
    }

    private static void Fragment(string field, JsonElement value, int maxLength, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return;
        }

        var raw = value.GetRawText();
        if (raw.Length > maxLength)
        {
            errors.Add(field, $"Must be at most {maxLength} characters of JSON (got {raw.Length}).");
        }
        else if (raw.Contains("\\u0000", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, "Must not contain NUL characters (\\u0000).");
        }
    }

    private sealed record Check(string Field, Func<object, object?> Get, bool Required, Action<object, FieldErrors> Validate)
    {
        public void Run(object owner, FieldErrors errors)
        {
            if (Get(owner) is { } value)
            {
                Validate(value, errors);
            }
            else if (Required)
            {
                errors.Add(Field, "Required.");
            }
        }
    }
}

/// <summary>A JSON body that parsed but broke <see cref="JsonInputRules"/>; errors are keyed by JSON field name.</summary>
public sealed class JsonInputException(IReadOnlyDictionary<string, string[]> errors)
    : JsonException(string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>The errors with their field names prefixed by where the object sits in the body ("$.videos[0]" → "videos[0].title").</summary>
    public IReadOnlyDictionary<string, string[]> ErrorsAt(string? path)
    {
        var prefix = path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] + "." : "";
        return prefix.Length == 0 ? Errors : Errors.ToDictionary(e => prefix + e.Key, e => e.Value, StringComparer.Ordinal);
    }
}
