using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mcr.Web.Tests.Harness;

/// <summary>What was pushed: a manifest's digest, media type and size.</summary>
public sealed record Pushed(string Digest, string MediaType, long Size, byte[] Content);

/// <summary>
/// Pushes generated images to a real registry over the OCI API (monolithic blob uploads, manifests by tag or
/// digest): single-platform images with a full config (labels, environment, entrypoint, history), multi-arch
/// indexes, and referrers (an SBOM or a signature whose subject is another manifest).
/// </summary>
public sealed class ImagePusher(HttpClient http)
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string Sbom = "application/spdx+json";
    public const string Signature = "application/vnd.dev.cosign.artifact.sig.v1+json";

    public static async Task<ImagePusher> LoginAsync(HttpClient http, string username, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=mcr");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ImagePusher(http);
    }

    /// <summary>An image of <paramref name="layers"/> random layers for one platform.</summary>
    public async Task<Pushed> PushImageAsync(string repository, string? tag, string os = "linux", string architecture = "amd64", int layers = 2, string? variant = null)
    {
        var layerDescriptors = new JsonArray();
        var diffIds = new JsonArray();
        var history = new JsonArray();
        for (var i = 0; i < layers; i++)
        {
            var blob = RandomNumberGenerator.GetBytes(1024 * (i + 1) * 3);
            var digest = await PushBlobAsync(repository, blob);
            layerDescriptors.Add(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = digest, ["size"] = blob.Length });
            diffIds.Add(digest);
            history.Add(new JsonObject { ["created"] = "2026-11-30T10:00:00Z", ["created_by"] = $"/bin/sh -c #(nop) COPY layer{i} /app/{i}" });
        }
        history.Add(new JsonObject { ["created"] = "2026-11-30T10:00:01Z", ["created_by"] = "/bin/sh -c #(nop) ENTRYPOINT [\"/app/server\"]", ["empty_layer"] = true });
        var platform = new JsonObject { ["architecture"] = architecture, ["os"] = os };
        var config = new JsonObject
        {
            ["created"] = "2026-11-30T10:00:01Z",
            ["architecture"] = architecture,
            ["os"] = os,
            ["author"] = "MCR tests",
            ["config"] = new JsonObject
            {
                ["Env"] = new JsonArray("PATH=/usr/local/bin:/usr/bin:/bin", "APP_MODE=production"),
                ["Entrypoint"] = new JsonArray("/app/server"),
                ["Cmd"] = new JsonArray("--port", "8080"),
                ["WorkingDir"] = "/app",
                ["User"] = "10001",
                ["Labels"] = new JsonObject
                {
                    ["org.opencontainers.image.title"] = repository,
                    ["org.opencontainers.image.source"] = "https://git.example.com/" + repository,
                },
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
            ["history"] = history,
        };
        if (variant is not null)
        {
            config["variant"] = variant;
            platform["variant"] = variant;
        }
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = await PushBlobAsync(repository, configBytes);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = configBytes.Length },
            ["layers"] = layerDescriptors,
            ["annotations"] = new JsonObject { ["org.opencontainers.image.created"] = "2026-11-30T10:00:01Z" },
        };
        return await PushManifestAsync(repository, tag, OciManifest, manifest);
    }

    /// <summary>A linux/amd64 + linux/arm64/v8 index; the platform images are pushed by digest.</summary>
    public async Task<Pushed> PushMultiArchAsync(string repository, string tag)
    {
        var amd64 = await PushImageAsync(repository, null, "linux", "amd64");
        var arm64 = await PushImageAsync(repository, null, "linux", "arm64", variant: "v8");
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciIndex,
            ["manifests"] = new JsonArray(
                Child(amd64, new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" }),
                Child(arm64, new JsonObject { ["architecture"] = "arm64", ["os"] = "linux", ["variant"] = "v8" })),
        };
        return await PushManifestAsync(repository, tag, OciIndex, index);
    }

    /// <summary>An artifact of <paramref name="artifactType"/> whose subject is <paramref name="subject"/>, pushed by digest.</summary>
    public async Task<Pushed> PushReferrerAsync(string repository, Pushed subject, string artifactType)
    {
        var empty = "{}"u8.ToArray();
        var emptyDigest = await PushBlobAsync(repository, empty);
        var payload = Encoding.UTF8.GetBytes(artifactType == Sbom ? "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"app\"}" : "{\"critical\":{\"type\":\"cosign container image signature\"}}");
        var payloadDigest = await PushBlobAsync(repository, payload);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["artifactType"] = artifactType,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.empty.v1+json", ["digest"] = emptyDigest, ["size"] = empty.Length },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = artifactType, ["digest"] = payloadDigest, ["size"] = payload.Length }),
            ["subject"] = new JsonObject { ["mediaType"] = subject.MediaType, ["digest"] = subject.Digest, ["size"] = subject.Size },
            ["annotations"] = new JsonObject { ["org.opencontainers.image.created"] = "2026-11-30T11:00:00Z" },
        };
        return await PushManifestAsync(repository, null, OciManifest, manifest);
    }

    /// <summary>Tags a manifest that was pushed already (the same bytes under another tag).</summary>
    public async Task TagAsync(string repository, Pushed manifest, string tag)
    {
        using var body = new ByteArrayContent(manifest.Content);
        body.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        using var response = await http.PutAsync($"/v2/{repository}/manifests/{tag}", body);
        await Ensure(response, HttpStatusCode.Created);
    }

    private static JsonObject Child(Pushed image, JsonObject platform) => new()
    {
        ["mediaType"] = image.MediaType,
        ["digest"] = image.Digest,
        ["size"] = image.Size,
        ["platform"] = platform,
    };

    private async Task<string> PushBlobAsync(string repository, byte[] blob)
    {
        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(blob))}";
        using var body = new ByteArrayContent(blob);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", body);
        await Ensure(response, HttpStatusCode.Created);
        return digest;
    }

    private async Task<Pushed> PushManifestAsync(string repository, string? tag, string mediaType, JsonObject manifest)
    {
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}";
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await http.PutAsync($"/v2/{repository}/manifests/{tag ?? digest}", body);
        await Ensure(response, HttpStatusCode.Created);
        return new Pushed(digest, mediaType, bytes.Length, bytes);
    }

    private static async Task Ensure(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
