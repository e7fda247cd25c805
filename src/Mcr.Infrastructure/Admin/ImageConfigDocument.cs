using System.Text.Json.Serialization;

namespace Mcr.Infrastructure.Admin;

// The fields of an OCI image config (image-spec config.md) that the admin API shows; Docker's container image
// config has the same names. Everything is optional; unknown fields are ignored.

internal sealed class ImageConfigDocument
{
    [JsonPropertyName("created")]
    public string? Created { get; set; }

    [JsonPropertyName("author")]
    public string? Author { get; set; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; set; }

    [JsonPropertyName("os")]
    public string? Os { get; set; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; set; }

    [JsonPropertyName("variant")]
    public string? Variant { get; set; }

    [JsonPropertyName("config")]
    public ContainerConfigDocument? Config { get; set; }

    [JsonPropertyName("history")]
    public List<HistoryDocument?>? History { get; set; }
}

internal sealed class ContainerConfigDocument
{
    [JsonPropertyName("User")]
    public string? User { get; set; }

    [JsonPropertyName("Env")]
    public List<string?>? Env { get; set; }

    [JsonPropertyName("Entrypoint")]
    public List<string?>? Entrypoint { get; set; }

    [JsonPropertyName("Cmd")]
    public List<string?>? Cmd { get; set; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; set; }

    [JsonPropertyName("Labels")]
    public Dictionary<string, string?>? Labels { get; set; }
}

internal sealed class HistoryDocument
{
    [JsonPropertyName("created")]
    public string? Created { get; set; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; set; }

    [JsonPropertyName("comment")]
    public string? Comment { get; set; }

    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; set; }
}

/// <summary>Source-generated reading of image configs (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(MaxDepth = 64)]
[JsonSerializable(typeof(ImageConfigDocument))]
internal sealed partial class ImageConfigJsonContext : JsonSerializerContext;
