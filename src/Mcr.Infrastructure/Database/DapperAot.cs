// Dapper.AOT replaces every Dapper call in this assembly with code generated at build time (C# interceptors), so
// no call reaches Dapper's reflection and ref-emit path, which Native AOT cannot run. The rules our calls follow
// for that are on RegistrySql.
[module: Dapper.DapperAot]
[module: Dapper.TypeHandler(typeof(Mcr.Infrastructure.Database.BinaryValue), typeof(Mcr.Infrastructure.Database.BinaryValueHandler))]
