namespace Mcr.Cli.Commands;

/// <summary>A command line or input mcrctl refuses before calling the server (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
