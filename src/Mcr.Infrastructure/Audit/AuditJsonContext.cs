using System.Text.Json.Serialization;

namespace Mcr.Infrastructure.Audit;

/// <summary>Source-generated JSON for the <c>details</c> column: a flat object of strings.</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
