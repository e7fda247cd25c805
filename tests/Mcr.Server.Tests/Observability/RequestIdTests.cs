using System.Net;
using Mcr.Server.Errors;
using Mcr.Server.Observability;
using Mcr.Server.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mcr.Server.Tests.Observability;

/// <summary>
/// Every answer names its request in <c>X-Request-Id</c>, and what the server logs while handling it carries
/// the same id (SPEC §16), so a client's failure can be found in the log.
/// </summary>
public sealed class RequestIdTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryAnswer_CarriesItsOwnRequestId()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var anonymous = server.CreateClient();
        using var admin = server.CreateClient(await server.GetTokenAsync());

        using var health = await anonymous.GetAsync("/v1/health");
        using var unauthorized = await anonymous.GetAsync("/v2/");
        using var notFound = await admin.GetAsync("/v2/team/app/manifests/latest");
        using var adminError = await admin.GetAsync("/v1/repositories/none/here");

        HttpResponseMessage[] answers = [health, unauthorized, notFound, adminError];
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            answers.Select(a => a.StatusCode));
        var ids = answers.Select(a => Assert.Single(a.Headers.GetValues(RequestIdMiddleware.Header))).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task LinesLoggedDuringARequest_CarryTheIdSentToTheClient()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await McrTestServer.StartAsync(allLogs: logs);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=mcr");
        request.Headers.Authorization = McrTestServer.Basic("admin", "not-the-password");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var id = Assert.Single(response.Headers.GetValues(RequestIdMiddleware.Header));
        var failure = Assert.Single(logs.Entries, entry => entry.Message.StartsWith("Login failed for admin", StringComparison.Ordinal));
        Assert.Equal(id, failure.ScopeValue(RequestIdScope.Key));
    }

    [Fact]
    public async Task AnUnhandledError_AnswersWithTheRequestIdTheErrorWasLoggedUnder()
    {
        var logs = new CapturingLoggerProvider();
        using ILoggerFactory factory = new LoggerFactory([logs]);
        var context = new DefaultHttpContext { TraceIdentifier = "conn-1:00000007" };
        context.Request.Path = "/v1/repositories";
        context.Response.Body = new MemoryStream();
        context.Response.Headers["X-Stale"] = "cleared with the rest";
        var errors = new ErrorHandlingMiddleware(_ => throw new InvalidOperationException("boom"), factory.CreateLogger<ErrorHandlingMiddleware>());
        var requestIds = new RequestIdMiddleware(errors.InvokeAsync, factory.CreateLogger<RequestIdMiddleware>());

        await requestIds.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Equal("conn-1:00000007", context.Response.Headers[RequestIdMiddleware.Header].ToString());
        Assert.False(context.Response.Headers.ContainsKey("X-Stale"));
        var logged = Assert.Single(logs.Entries, entry => entry.Category == typeof(ErrorHandlingMiddleware).FullName);
        Assert.Equal("conn-1:00000007", logged.ScopeValue(RequestIdScope.Key));
    }
}
