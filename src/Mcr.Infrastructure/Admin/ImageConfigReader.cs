using System.Globalization;
using System.Text.Json;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;
using Mcr.Infrastructure.Storage;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// Reads what an image's config blob says, through the blob storage, for the admin API's manifest view. A config
/// over <see cref="MaxBytes"/>, missing, unreadable or not the JSON of an image config gives null, never an error:
/// the view is informational. Only configs of a container image media type are read.
/// </summary>
public sealed class ImageConfigReader(IBlobStore blobs)
{
    /// <summary>The largest config read; real image configs are a few KiB (a long history makes tens).</summary>
    public const int MaxBytes = 1024 * 1024;

    public async Task<ImageConfig?> ReadAsync(Descriptor config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!ManifestMediaTypes.IsImageConfig(config.MediaType))
        {
            return null;
        }
        var content = await ReadCappedAsync(config.Digest, cancellationToken);
        if (content is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(content, ImageConfigJsonContext.Default.ImageConfigDocument) is { } document
                ? ToImageConfig(document)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<byte[]?> ReadCappedAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            await using var handle = await blobs.OpenReadAsync(digest, cancellationToken);
            if (handle is null || handle.Length > MaxBytes)
            {
                return null;
            }
            var content = new byte[handle.Length];
            await handle.Stream.ReadExactlyAsync(content, cancellationToken);
            return content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // e.g. removed by GC between the manifest read and this one
            return null;
        }
    }

    private static ImageConfig ToImageConfig(ImageConfigDocument document)
    {
        var platform = document.Os is null && document.Architecture is null && document.Variant is null && document.OsVersion is null
            ? null
            : new Platform(Empty(document.Os), Empty(document.Architecture), Empty(document.Variant), Empty(document.OsVersion));
        var config = document.Config;
        return new ImageConfig(
            platform,
            Time(document.Created),
            Empty(document.Author),
            config?.Labels?.Where(label => label.Value is not null).ToDictionary(label => label.Key, label => label.Value!, StringComparer.Ordinal)
                ?? new Dictionary<string, string>(),
            Strings(config?.Env),
            Strings(config?.Entrypoint),
            Strings(config?.Cmd),
            Empty(config?.WorkingDir),
            Empty(config?.User),
            [.. (document.History ?? []).OfType<HistoryDocument>().Select(step =>
                new ImageHistoryEntry(Time(step.Created), Empty(step.CreatedBy), Empty(step.Comment), step.EmptyLayer ?? false))]);
    }

    private static string[] Strings(List<string?>? values) => [.. (values ?? []).OfType<string>()];

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>An RFC 3339 time; anything else reads as absent rather than failing the whole config.</summary>
    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
