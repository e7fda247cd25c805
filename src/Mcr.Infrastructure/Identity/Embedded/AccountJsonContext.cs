using System.Text.Json.Serialization;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>Source-generated JSON for the <c>roles</c> column: an array of role names.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class AccountJsonContext : JsonSerializerContext;
