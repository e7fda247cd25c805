using System.Text.Json.Serialization;

namespace Mcr.Infrastructure.Policy;

/// <summary>The shape of <c>rule_json</c>; see <see cref="PolicyRuleJson"/>.</summary>
internal sealed class PolicyRuleDocument
{
    public string? Effect { get; set; }
    public List<string>? Roles { get; set; }
    public List<string>? AccountTypes { get; set; }
    public string? SubjectUuid { get; set; }
    public List<string>? Actions { get; set; }
    public List<string>? Repositories { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PolicyRuleDocument))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
