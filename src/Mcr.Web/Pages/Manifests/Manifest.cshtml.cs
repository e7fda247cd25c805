using System.Text.Encodings.Web;
using System.Text.Json;
using Mcr.Core.Digests;
using Mcr.Core.Names;
using Mcr.Protocol.V1;
using Mcr.Web.Cli;
using Mcr.Web.Pages.Repositories;
using Mcr.Web.Registry;

namespace Mcr.Web.Pages.Manifests;

/// <summary>
/// One manifest (<c>RegistryService.GetManifest</c>), addressed as an image reference is written:
/// <c>/manifests/team/app@sha256:…</c> or <c>/manifests/team/app:1.0</c>. Pretty JSON, layers, the image config,
/// an index's children and the referrers, each linked to its own page.
/// </summary>
public sealed class ManifestModel(WebSettings settings) : McrPageModel
{
    private static readonly JsonSerializerOptions _pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Repository { get; private set; } = "";

    public string Reference { get; private set; } = "";

    public Manifest Manifest { get; private set; } = new();

    public string PrettyJson { get; private set; } = "";

    public string RegistryHost => settings.RegistryHost;

    public async Task OnGetAsync(string? reference)
    {
        (Repository, Reference) = Parse(reference ?? "");
        Manifest = await Registry.Registry.GetManifestAsync(new GetManifestRequest { Repository = Repository, Reference = Reference });
        PrettyJson = Pretty(Manifest.Content);
    }

    public string PullCommand(string client) => $"{client} pull {RegistryHost}/{Repository}@{Manifest.Digest}";

    /// <summary>The referrers by kind (signatures, SBOMs, attestations, other), each kind's artifact types in order.</summary>
    public IEnumerable<IGrouping<string, ContentDescriptor>> ReferrerGroups =>
        Manifest.Referrers.OrderBy(r => r.ArtifactType, StringComparer.Ordinal).GroupBy(r => Format.ArtifactKind(r.ArtifactType.Length > 0 ? r.ArtifactType : r.MediaType));

    /// <summary>Splits <c>repo@digest</c> or <c>repo:tag</c>; a bad name or digest is a 400 page.</summary>
    public static (string Repository, string Reference) Parse(string text)
    {
        var at = text.LastIndexOf('@');
        string repository, reference;
        if (at >= 0)
        {
            repository = text[..at];
            reference = text[(at + 1)..];
            if (!Digest.TryParse(reference, out _, out var error))
            {
                throw new BadInputException($"\"{reference}\" is not a digest: {error}");
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0 || colon < text.LastIndexOf('/'))
            {
                throw new BadInputException($"\"{text}\" names no manifest: write repository@digest or repository:tag.");
            }
            repository = text[..colon];
            reference = text[(colon + 1)..];
            if (!TagName.IsValid(reference))
            {
                throw new BadInputException($"\"{reference}\" is not a tag name.");
            }
        }
        return (RepositoryModel.Validated(repository), reference);
    }

    private static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, _pretty);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
