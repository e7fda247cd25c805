using Mcr.Core.Manifests;

namespace Mcr.Infrastructure.Registry;

/// <summary>
/// A tag with what it points at. <see cref="Size"/> is the manifest's bytes plus the distinct blobs it references;
/// for an index, plus its children's bytes and their distinct blobs (what pulling every platform fetches).
/// <see cref="Platforms"/> are an index's children's platforms (empty for an image); <see cref="PushedAt"/> is when
/// the tag was last pushed or moved.
/// </summary>
public sealed record TagDetail(string Name, string Digest, string MediaType, long Size, IReadOnlyList<Platform> Platforms, DateTimeOffset PushedAt);

/// <summary>One page of a repository's tags in name order, and how many tags it has in all.</summary>
public sealed record TagDetailPage(IReadOnlyList<TagDetail> Items, long Total);

/// <summary>A stored manifest with its metadata, its exact bytes and the tags pointing at it (by name).</summary>
public sealed record ManifestEntry(ManifestInfo Info, byte[] Content, IReadOnlyList<string> Tags);
