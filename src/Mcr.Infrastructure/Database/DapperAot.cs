// Dapper.AOT replaces every Dapper call in this assembly with code generated at build time (C# interceptors), so
// no call reaches Dapper's reflection and ref-emit path, which Native AOT cannot run.
[module: Dapper.DapperAot]
