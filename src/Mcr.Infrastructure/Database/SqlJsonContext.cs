using System.Text.Json.Serialization;

namespace Mcr.Infrastructure.Database;

/// <summary>
/// Source-generated JSON for string arrays that SQLite sees as text: the accounts' <c>roles</c> column and
/// lists passed to <c>json_each(@list)</c> in place of Dapper's <c>IN @list</c>.
/// </summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqlJsonContext : JsonSerializerContext;
