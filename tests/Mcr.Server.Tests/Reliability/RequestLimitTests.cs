using System.Net;
using System.Text;
using System.Text.Json;
using Mcr.Core.Manifests;
using Mcr.Server.Tests.Admin;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// Oversized request heads and bodies get a 4xx — never a 500, never a crash — and the server keeps answering.
/// The 5 MiB manifest (413) is in <see cref="ManifestBadInputTests"/>; here: huge headers, long URLs, deeply
/// nested JSON just under the manifest limit, and oversized admin and token-endpoint bodies.
/// </summary>
public sealed class RequestLimitTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private HttpClient Admin => fixture.Admin.Http;

    public static TheoryData<string, int, int> HugeHeads => new()
    {
        // description, header count, bytes per header value
        { "one 64 KiB header", 1, 64 * 1024 },
        { "one 1 MiB header", 1, 1024 * 1024 },
        { "5000 small headers", 5000, 8 },
    };

    [Theory]
    [MemberData(nameof(HugeHeads))]
    public async Task HugeRequestHead_431AndServerStillAnswers(string description, int count, int size)
    {
        await using var connection = await RawTlsConnection.ConnectAsync(fixture.Server);
        var head = new StringBuilder("GET /v2/ HTTP/1.1\r\nHost: localhost\r\n");
        for (var i = 0; i < count; i++)
        {
            head.Append("X-Big-").Append(i).Append(": ").Append('a', size).Append("\r\n");
        }
        await connection.WriteAsync(head.Append("\r\n").ToString());

        var answer = await connection.ReadToCloseAsync(TimeSpan.FromSeconds(10));

        Assert.True(answer.StartsWith("HTTP/1.1 431", StringComparison.Ordinal), $"{description}: {FirstLine(answer)}");
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task RequestLineTooLong_414AndServerStillAnswers()
    {
        using var response = await Admin.GetAsync("/v2/" + new string('a', 16 * 1024) + "/tags/list");

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task UrlJustUnderTheLineLimit_4xxNot500()
    {
        // Fits Kestrel's 8 KiB request line, so it reaches routing and the name check.
        using var response = await Admin.GetAsync("/v2/" + new string('a', 7 * 1024) + "/tags/list");

        await OciTestClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"a\":", "}")]
    public async Task PutManifest_DeeplyNestedJustUnder4MiB_400ManifestInvalid(string open, string close)
    {
        var repository = OciServerFixture.NewRepository("nested");
        var depth = (ManifestLimits.MaxSize - 64) / (open.Length + close.Length);
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
        Assert.True(body.Length < ManifestLimits.MaxSize);

        using var response = await new ManifestTestClient(fixture.Admin).PutManifestAsync(repository, "latest", body, ManifestMediaTypes.OciManifest);

        await OciTestClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        using var tags = await Admin.GetAsync($"/v2/{repository}/tags/list");
        Assert.Equal(HttpStatusCode.NotFound, tags.StatusCode);
        await AssertStillAnswersAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AdminJsonBodyOverLimit_413ErrorBody(bool sendLength)
    {
        var json = "{\"description\":\"" + new string('a', 256 * 1024) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/policy/rules")
        {
            Content = sendLength ? AdminApi.Json(json) : new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.ExpectContinue = true; // see TokenEndpointFormTooBig_4xxNot500

        using var response = await Admin.SendAsync(request);

        await AdminApi.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AdminJsonDeeplyNested_400ErrorBody()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);

        using var response = await AdminApi.SendAsync(Admin, HttpMethod.Post, "/v1/policy/rules", json);

        await AdminApi.AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LoginJsonBodyOverLimit_413ErrorBody(bool sendLength)
    {
        using var client = fixture.Server.CreateClient();
        var json = "{\"username\":\"admin\",\"password\":\"" + new string('a', 1024 * 1024) + "\"}";
        HttpContent content = sendLength ? AdminApi.Json(json) : new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/login") { Content = content };
        request.Headers.ExpectContinue = true; // see TokenEndpointFormTooBig_4xxNot500

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetString()));
    }

    public static TheoryData<string, string> HugeForms => new()
    {
        { "one 100 KiB value", "grant_type=password&username=admin&password=" + new string('a', 100 * 1024) },
        { "one 5 MiB value", "grant_type=password&username=admin&password=" + new string('a', 5 * 1024 * 1024) },
        { "one 1 MiB value", "grant_type=password&username=admin&password=" + new string('a', 1024 * 1024) },
        { "5000 fields", string.Join('&', Enumerable.Range(0, 5000).Select(i => $"f{i}=v")) },
        { "a 10 KiB key", new string('k', 10 * 1024) + "=v" },
    };

    [Theory]
    [MemberData(nameof(HugeForms))]
    public async Task TokenEndpointFormTooBig_4xxNot500(string description, string form)
    {
        using var client = fixture.Server.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/token")
        {
            Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        // The server answers 413 before reading a body it will refuse; without waiting for 100 Continue the client
        // may still be writing megabytes when the server closes, and see a reset instead of the answer.
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{description}: {(int)response.StatusCode}");
        await AssertStillAnswersAsync();
    }

    private async Task AssertStillAnswersAsync()
    {
        using var ping = await Admin.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
    }

    private static string FirstLine(string text) => text.Split("\r\n")[0];

    /// <summary>A stream whose length HttpClient cannot know, so the body goes out chunked.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
