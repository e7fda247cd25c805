namespace Mcr.Cli.Tests.Harness;

/// <summary>The two ways mcrctl reaches a server; every command's tests run over both.</summary>
public enum Via
{
    Rest,
    Grpc,
}
