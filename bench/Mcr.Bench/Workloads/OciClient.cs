using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Mcr.Bench.Workloads;

/// <summary>The few OCI distribution calls the workloads need, failing loudly on any unexpected status.</summary>
internal static class OciClient
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";

    private static readonly MediaTypeHeaderValue _octetStream = new("application/octet-stream");

    /// <summary>POST to start an upload session; the absolute URL of its location.</summary>
    public static async Task<Uri> StartUploadAsync(HttpClient client, string repository, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Accepted, "start upload");
        return Location(client, response);
    }

    /// <summary>POST + PUT with the whole blob as the PUT body.</summary>
    public static async Task PushMonolithicAsync(HttpClient client, string repository, ReadOnlyMemory<byte> blob, string digest, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(client, repository, cancellationToken);
        using var content = Octets(blob);
        using var response = await client.PutAsync(WithDigest(location, digest), content, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, "monolithic PUT");
    }

    /// <summary>POST, one PATCH per chunk with its Content-Range, then an empty PUT with the digest.</summary>
    public static async Task PushChunkedAsync(HttpClient client, string repository, ReadOnlyMemory<byte> blob, int chunkBytes, string digest, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(client, repository, cancellationToken);
        for (var offset = 0; offset < blob.Length; offset += chunkBytes)
        {
            var length = Math.Min(chunkBytes, blob.Length - offset);
            using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Octets(blob.Slice(offset, length)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Range", string.Create(CultureInfo.InvariantCulture, $"{offset}-{offset + length - 1}"));
            using var response = await client.SendAsync(request, cancellationToken);
            await ExpectAsync(response, HttpStatusCode.Accepted, "PATCH chunk");
            location = Location(client, response);
        }
        using var empty = Octets(ReadOnlyMemory<byte>.Empty);
        using var commit = await client.PutAsync(WithDigest(location, digest), empty, cancellationToken);
        await ExpectAsync(commit, HttpStatusCode.Created, "chunked PUT");
    }

    /// <summary>Mounts <paramref name="digest"/> from <paramref name="from"/>; uploads it when the registry declines.</summary>
    public static async Task MountOrPushAsync(HttpClient client, string repository, string from, ReadOnlyMemory<byte> blob, string digest, CancellationToken cancellationToken)
    {
        using (var response = await client.PostAsync($"/v2/{repository}/blobs/uploads/?mount={digest}&from={from}", null, cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return;
            }
            await ExpectAsync(response, HttpStatusCode.Accepted, "mount");
            using var content = Octets(blob);
            using var put = await client.PutAsync(WithDigest(Location(client, response), digest), content, cancellationToken);
            await ExpectAsync(put, HttpStatusCode.Created, "PUT after declined mount");
        }
    }

    public static async Task PutManifestAsync(HttpClient client, string repository, string reference, byte[] manifest, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(ManifestMediaType);
        using var response = await client.PutAsync($"/v2/{repository}/manifests/{reference}", content, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, "manifest PUT");
    }

    /// <summary>An OCI image manifest with <paramref name="configDigest"/> as its config and no layers.</summary>
    public static byte[] ImageManifest(string configDigest, long configSize) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"schemaVersion":2,"mediaType":"{{ManifestMediaType}}","config":{"mediaType":"{{ConfigMediaType}}","digest":"{{configDigest}}","size":{{configSize}}},"layers":[]}"""));

    public static string Sha256(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{what}: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body[..Math.Min(body.Length, 500)]}");
        }
    }

    /// <summary>The absolute target of a <c>Link: &lt;…&gt;; rel="next"</c> header, or null on the last page.</summary>
    public static Uri? NextLink(HttpClient client, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }
        var link = values.First();
        var start = link.IndexOf('<', StringComparison.Ordinal);
        var end = link.IndexOf('>', StringComparison.Ordinal);
        return start < 0 || end <= start ? null : new Uri(client.BaseAddress!, link[(start + 1)..end]);
    }

    private static ReadOnlyMemoryContent Octets(ReadOnlyMemory<byte> data)
    {
        var content = new ReadOnlyMemoryContent(data);
        content.Headers.ContentType = _octetStream;
        return content;
    }

    private static Uri Location(HttpClient client, HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? new Uri(client.BaseAddress!, location)
            : throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered without a Location");

    private static Uri WithDigest(Uri location, string digest) =>
        new($"{location}{(string.IsNullOrEmpty(location.Query) ? "?" : "&")}digest={Uri.EscapeDataString(digest)}");
}
