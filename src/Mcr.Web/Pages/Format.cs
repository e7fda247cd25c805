using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Mcr.Core.Manifests;

namespace Mcr.Web.Pages;

/// <summary>How the pages write sizes, times, digests, media types and platforms.</summary>
public static class Format
{
    private static readonly string[] _units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Bytes(long bytes)
    {
        if (bytes < 1024)
        {
            return $"{bytes} B";
        }
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < _units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {_units[unit]}");
    }

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>UTC, to the minute: <c>2026-12-03 13:10 UTC</c>; a dash for no time.</summary>
    public static string Time(Timestamp? time) =>
        time is null ? "—" : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable form for a <c>&lt;time datetime&gt;</c>.</summary>
    public static string IsoTime(Timestamp? time) =>
        time is null ? "" : time.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary><c>5 minutes ago</c>, <c>3 days ago</c>.</summary>
    public static string Ago(Timestamp? time, DateTimeOffset now)
    {
        if (time is null)
        {
            return "never";
        }
        var age = now - time.ToDateTimeOffset();
        return age.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => Plural((int)age.TotalMinutes, "minute"),
            < 86400 => Plural((int)age.TotalHours, "hour"),
            < 86400 * 60 => Plural((int)age.TotalDays, "day"),
            < 86400 * 730 => Plural((int)(age.TotalDays / 30), "month"),
            _ => Plural((int)(age.TotalDays / 365), "year"),
        };
    }

    /// <summary><c>sha256:0123456789ab</c>: the algorithm and the first 12 hex digits.</summary>
    public static string ShortDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && digest.Length > colon + 13 ? digest[..(colon + 13)] : digest;
    }

    public static string MediaType(string mediaType) => mediaType switch
    {
        ManifestMediaTypes.OciIndex => "OCI index",
        ManifestMediaTypes.OciManifest => "OCI manifest",
        ManifestMediaTypes.DockerManifest => "Docker manifest",
        ManifestMediaTypes.DockerManifestList => "Docker manifest list",
        "" => "—",
        _ => mediaType,
    };

    public static bool IsIndex(string mediaType) =>
        mediaType is ManifestMediaTypes.OciIndex or ManifestMediaTypes.DockerManifestList;

    public static string Platform(Mcr.Protocol.V1.Platform? platform)
    {
        if (platform is null || (platform.Os.Length == 0 && platform.Architecture.Length == 0))
        {
            return "";
        }
        var text = $"{platform.Os}/{platform.Architecture}";
        if (platform.Variant.Length > 0)
        {
            text += $"/{platform.Variant}";
        }
        return platform.OsVersion.Length > 0 ? $"{text} ({platform.OsVersion})" : text;
    }

    /// <summary>What a referrer is, by its artifact type: the groups of the manifest page.</summary>
    public static string ArtifactKind(string artifactType)
    {
        var type = artifactType.ToLowerInvariant();
        if (type.Contains("signature", StringComparison.Ordinal) || type.Contains("cosign", StringComparison.Ordinal) || type.Contains(".sig", StringComparison.Ordinal))
        {
            return "Signatures";
        }
        if (type.Contains("spdx", StringComparison.Ordinal) || type.Contains("cyclonedx", StringComparison.Ordinal) || type.Contains("sbom", StringComparison.Ordinal) || type.Contains("syft", StringComparison.Ordinal))
        {
            return "SBOMs";
        }
        if (type.Contains("in-toto", StringComparison.Ordinal) || type.Contains("intoto", StringComparison.Ordinal) || type.Contains("attestation", StringComparison.Ordinal) || type.Contains("dsse", StringComparison.Ordinal) || type.Contains("provenance", StringComparison.Ordinal) || type.Contains("vex", StringComparison.Ordinal))
        {
            return "Attestations";
        }
        return "Other artifacts";
    }

    /// <summary>The path of a manifest's page: <c>/manifests/team/app@sha256:…</c>.</summary>
    public static string ManifestPath(string repository, string digest) => $"/manifests/{repository}@{digest}";

    public static string RepositoryPath(string repository) => $"/repositories/{repository}";

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit} ago" : $"{n} {unit}s ago";
}
