using System.Text.Json;
using Mcr.Infrastructure.Configuration;
using Mcr.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// The answers the server tests cannot reach through the fallback policy alone: it only asks for an
/// authenticated caller, so an authenticated caller is never forbidden by it.
/// </summary>
public sealed class McrAuthorizationResultHandlerTests
{
    private static readonly AuthorizationPolicy _policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

    [Theory]
    [InlineData("/v2/team/app/manifests/latest")]
    [InlineData("/v1/repositories")]
    public async Task Forbidden_Is403Denied_WithoutRunningTheEndpoint(string path)
    {
        var context = NewContext(path);
        var ran = false;

        await Handler().HandleAsync(_ => { ran = true; return Task.CompletedTask; }, context, _policy, PolicyAuthorizationResult.Forbid());

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Headers.WWWAuthenticate.Count);
        using var body = JsonDocument.Parse(Body(context));
        if (path.StartsWith("/v2", StringComparison.Ordinal))
        {
            Assert.Equal("DENIED", body.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
        }
        else
        {
            Assert.Equal("requested access to the resource is denied", body.RootElement.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Succeeded_RunsTheEndpoint()
    {
        var context = NewContext("/v2/");
        var ran = false;

        await Handler().HandleAsync(_ => { ran = true; return Task.CompletedTask; }, context, _policy, PolicyAuthorizationResult.Success());

        Assert.True(ran);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    private static McrAuthorizationResultHandler Handler() => new(new AuthChallenge(new McrOptions()));

    private static DefaultHttpContext NewContext(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("registry.example");
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) =>
        System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
