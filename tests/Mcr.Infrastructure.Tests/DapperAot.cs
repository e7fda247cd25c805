// Dapper.AOT reaches this project through Mcr.Infrastructure. The tests run on the JIT and use plain Dapper to set
// up and inspect the database (value tuples and all), so its build-time interception stays off here.
[module: Dapper.DapperAot(false)]
