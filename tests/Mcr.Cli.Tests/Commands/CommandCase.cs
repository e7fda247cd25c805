namespace Mcr.Cli.Tests.Commands;

/// <summary>
/// One mcrctl command as the matrix tests run it: its arguments, what a pipe gives it, which non-admin the server
/// refuses (<c>user</c> or <c>guest</c>; null where anyone may), and one bad input with the exit code and message it gets.
/// </summary>
public sealed record CommandCase(
    string Name,
    string[] Args,
    string? Stdin = null,
    string? RefusedRole = null,
    string[]? BadArgs = null,
    int BadCode = 2,
    string? BadMessage = null,
    string? BadStdin = null)
{
    public override string ToString() => Name;
}
