using Mcr.Cli.Client;
using Mcr.Cli.Commands;

namespace Mcr.Cli.Tests.Commands;

/// <summary>One line per failure, naming action, server and cause; one exit code per kind.</summary>
public sealed class ErrorReportTests
{
    [Theory]
    [InlineData(nameof(ClientErrorKind.General), 1)]
    [InlineData(nameof(ClientErrorKind.InvalidInput), 2)]
    [InlineData(nameof(ClientErrorKind.Unauthenticated), 3)]
    [InlineData(nameof(ClientErrorKind.PermissionDenied), 4)]
    [InlineData(nameof(ClientErrorKind.NotFound), 5)]
    [InlineData(nameof(ClientErrorKind.Conflict), 6)]
    [InlineData(nameof(ClientErrorKind.Unavailable), 7)]
    [InlineData(nameof(ClientErrorKind.Tls), 8)]
    public void EachKind_HasItsExitCode(string kind, int code) => Assert.Equal(code, ExitCodes.For(Enum.Parse<ClientErrorKind>(kind)));

    [Theory]
    [InlineData(nameof(ClientErrorKind.Unauthenticated), "HTTP 401", "invalid credentials",
        "error: cannot list repositories on https://r:8443: not authenticated (HTTP 401: invalid credentials); run `mcrctl login`")]
    [InlineData(nameof(ClientErrorKind.PermissionDenied), "PermissionDenied", "admin role required",
        "error: cannot list repositories on https://r:8443: permission denied to list repositories (PermissionDenied: admin role required)")]
    [InlineData(nameof(ClientErrorKind.Conflict), "HTTP 409", "garbage collection run x is already in progress",
        "error: cannot list repositories on https://r:8443: conflict (HTTP 409: garbage collection run x is already in progress)")]
    [InlineData(nameof(ClientErrorKind.Unavailable), null, "connection refused (is mcrsrv running and listening there?)",
        "error: cannot list repositories on https://r:8443: connection refused (is mcrsrv running and listening there?)")]
    [InlineData(nameof(ClientErrorKind.Unavailable), "HTTP 503", "identity service unavailable, try again later",
        "error: cannot list repositories on https://r:8443: server unavailable (HTTP 503: identity service unavailable, try again later)")]
    public void Message_NamesActionServerStatusAndCause(string kind, string? status, string cause, string expected)
    {
        using var error = new StringWriter();
        ErrorReport.Write(error, "list repositories", "https://r:8443", new McrClientException(Enum.Parse<ClientErrorKind>(kind), cause, status));
        Assert.Equal(expected, error.ToString().TrimEnd());
    }

    [Theory]
    [InlineData(3, 3, 0, "repositories", "3 repositories")]
    [InlineData(1, 1, 0, "repositories", "1 repository")]
    [InlineData(1, 1, 0, "rules", "1 rule")]
    [InlineData(0, 0, 0, "tags", "no tags")]
    [InlineData(100, 350, 100, "tags", "tags 101-200 of 350: --offset 200 for more")]
    [InlineData(0, 5, 10, "tags", "no tags at offset 10 (there are 5)")]
    public void Footer_SaysWhereThePageIs(int count, long total, int offset, string noun, string expected) =>
        Assert.Equal(expected, Paging.Footer(count, total, offset, noun));
}
