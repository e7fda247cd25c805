using System.Text.Json;
using Mcr.Core.Policy;

namespace Mcr.Infrastructure.Policy;

/// <summary>
/// The <c>rule_json</c> column: the effect and match fields of a rule, snake_case, e.g.
/// <c>{"effect":"deny","roles":[],"account_types":["system"],"subject_uuid":null,"actions":["registry:push"],"repositories":["production/*"]}</c>.
/// Id, priority, description and enabled are columns of their own.
/// </summary>
internal static class PolicyRuleJson
{
    public static string Serialize(PolicyRule rule) => JsonSerializer.Serialize(
        new PolicyRuleDocument
        {
            Effect = rule.Effect.Name(),
            Roles = [.. rule.Roles],
            AccountTypes = [.. rule.AccountTypes],
            SubjectUuid = string.IsNullOrEmpty(rule.SubjectUuid) ? null : rule.SubjectUuid,
            Actions = [.. rule.Actions],
            Repositories = [.. rule.Repositories],
        },
        PolicyJsonContext.Default.PolicyRuleDocument);

    /// <summary>
    /// Rebuilds a rule. A row that cannot be read throws <see cref="InvalidDataException"/>: skipping
    /// it could silently drop a deny, so loading fails instead (fail closed).
    /// </summary>
    public static PolicyRule Deserialize(long id, int priority, string description, string json)
    {
        PolicyRuleDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, PolicyJsonContext.Default.PolicyRuleDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"policy rule {id}: rule_json is not valid JSON", e);
        }
        if (document is null || !PolicyEffects.TryParse(document.Effect, out var effect))
        {
            throw new InvalidDataException($"policy rule {id}: rule_json has no valid effect");
        }
        return new PolicyRule
        {
            Id = id,
            Priority = priority,
            Description = description,
            Effect = effect,
            Roles = document.Roles ?? [],
            AccountTypes = document.AccountTypes ?? [],
            SubjectUuid = string.IsNullOrEmpty(document.SubjectUuid) ? null : document.SubjectUuid,
            Actions = document.Actions ?? [],
            Repositories = document.Repositories ?? [],
        };
    }
}
