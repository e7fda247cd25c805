using System.Text.Json.Serialization;
using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// Source-generated JSON of the admin API: snake_case names; unknown request fields are refused (a typo such as
/// <c>"enable"</c> must not be silently ignored); numbers must be JSON numbers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PolicyRuleInput))]
[JsonSerializable(typeof(PolicyRuleResponse))]
[JsonSerializable(typeof(PolicyRuleListResponse))]
[JsonSerializable(typeof(RepositoryListResponse))]
[JsonSerializable(typeof(RepositoryDetailResponse))]
[JsonSerializable(typeof(RepositoryDeleteResponse))]
[JsonSerializable(typeof(TagListResponse))]
[JsonSerializable(typeof(DeletedTag))]
[JsonSerializable(typeof(ManifestDetail))]
[JsonSerializable(typeof(RegistryStats))]
[JsonSerializable(typeof(AccountInput))]
[JsonSerializable(typeof(PasswordInput))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(AccountListResponse))]
[JsonSerializable(typeof(SystemToken))]
[JsonSerializable(typeof(AuditListResponse))]
[JsonSerializable(typeof(SnapshotResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
