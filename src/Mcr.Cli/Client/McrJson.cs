using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mcr.Cli.Client;

/// <summary>
/// Source-generated JSON (no reflection: the binary is Native AOT) for both what the REST transport reads and sends
/// and what <c>--json</c> prints: snake_case names, as the REST API writes them. Unknown fields in an answer are
/// ignored, so a newer server's additions do not break an older mcrctl. <see cref="Indented"/> is for people.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RepositoryList))]
[JsonSerializable(typeof(RepositoryDetail))]
[JsonSerializable(typeof(RepositoryDeleted))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(TagDeleted))]
[JsonSerializable(typeof(RegistryStats))]
[JsonSerializable(typeof(PolicyRule))]
[JsonSerializable(typeof(PolicyRuleList))]
[JsonSerializable(typeof(PolicyRuleInput))]
[JsonSerializable(typeof(PolicyRuleDeleted))]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(LoginToken))]
[JsonSerializable(typeof(AuditEvent))]
[JsonSerializable(typeof(AuditEventList))]
[JsonSerializable(typeof(GcStarted))]
[JsonSerializable(typeof(GcStatus))]
[JsonSerializable(typeof(SnapshotInfo))]
[JsonSerializable(typeof(Account))]
[JsonSerializable(typeof(AccountList))]
[JsonSerializable(typeof(NewAccount))]
[JsonSerializable(typeof(PasswordChange))]
[JsonSerializable(typeof(SystemToken))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResult))]
[JsonSerializable(typeof(StatusResult))]
[JsonSerializable(typeof(LogoutResult))]
internal sealed partial class McrJson : JsonSerializerContext
{
    /// <summary>The same contract, indented: what <c>--json</c> prints.</summary>
    public static McrJson Indented { get; } = With(o => o.WriteIndented = true);

    /// <summary>A context with the same naming and one change, e.g. refusing unknown fields in a file a person wrote.</summary>
    public static McrJson With(Action<JsonSerializerOptions> change)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        change(options);
        return new McrJson(options);
    }
}

/// <summary>Every error body of the admin API: <c>{"error": "..."}</c>.</summary>
internal sealed record ErrorBody(string? Error);

/// <summary>The body of <c>POST /v1/auth/login</c>.</summary>
internal sealed record LoginRequest(string Username, string Password);
