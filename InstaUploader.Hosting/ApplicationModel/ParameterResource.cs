namespace Aspire.Hosting.ApplicationModel;

/// <summary>A value (often secret) shared by resources: taken from configuration or generated once per run.</summary>
public sealed class ParameterResource(string name, Func<string> value, bool secret) : IResource
{
    private readonly Lazy<string> _value = new(value);

    public string Name { get; } = name;
    public bool Secret { get; } = secret;
    public string Value => _value.Value;
}
