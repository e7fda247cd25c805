using System.Data;
using System.Data.Common;
using Dapper;

namespace Mcr.Infrastructure.Database;

/// <summary>
/// A <c>BLOB</c> parameter for a Dapper call. Dapper.AOT 1.1.0 list-expands a <c>byte[]</c> parameter member as if it
/// were <c>IN @list</c> (one parameter per byte; SQLite then fails with "row value misused"), so bytes are passed in
/// this wrapper, which <see cref="BinaryValueHandler"/> binds as one binary parameter. Reading a <c>byte[]</c>
/// column is not affected.
/// </summary>
internal readonly record struct BinaryValue(byte[] Bytes);

/// <summary>Registered for <see cref="BinaryValue"/> in <c>DapperAot.cs</c>.</summary>
internal sealed class BinaryValueHandler : DbValueHandler<BinaryValue>
{
    protected override void Configure(DbParameter parameter) => parameter.DbType = DbType.Binary;

    protected override void SetValueCore(DbParameter parameter, BinaryValue value) => parameter.Value = value.Bytes;

    protected override BinaryValue Parse(object? value) => new((byte[])value!);
}
