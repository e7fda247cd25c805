using Mcr.Core.Digests;
using Mcr.Core.Errors;
using Mcr.Core.Manifests;
using static Mcr.Core.Tests.Manifests.ManifestJson;

namespace Mcr.Core.Tests.Manifests;

public sealed class ManifestParserTests
{
    private const string OciManifestType = ManifestMediaTypes.OciManifest;
    private const string OciIndexType = ManifestMediaTypes.OciIndex;

    private static ParsedManifest ParseOk(string json, string? contentType = null)
    {
        var result = ManifestParser.Parse(Utf8(json), contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Manifest;
    }

    [Fact]
    public void Parse_OciManifest_ExtractsConfigLayersAndRequiredBlobs()
    {
        var manifest = ParseOk(Image(), OciManifestType);

        Assert.Equal(OciManifestType, manifest.MediaType);
        Assert.Equal(ManifestKind.Image, manifest.Kind);
        Assert.Equal(ConfigDigest, manifest.Config!.Digest.ToString());
        Assert.Equal(ManifestMediaTypes.OciImageConfig, manifest.Config.MediaType);
        Assert.Equal(10, manifest.Config.Size);
        Assert.Equal([Layer1, Layer2], manifest.Layers.Select(l => l.Digest.ToString()));
        Assert.Equal([ConfigDigest, Layer1, Layer2], manifest.RequiredBlobs.Select(d => d.ToString()));
        Assert.Empty(manifest.Children);
        Assert.Null(manifest.Subject);
        Assert.Empty(manifest.Annotations);
        Assert.Equal(ManifestMediaTypes.OciImageConfig, manifest.ArtifactType);
    }

    [Fact]
    public void Parse_OciIndex_ExtractsChildren()
    {
        var manifest = ParseOk(Index(), OciIndexType);

        Assert.Equal(OciIndexType, manifest.MediaType);
        Assert.Equal(ManifestKind.Index, manifest.Kind);
        var child = Assert.Single(manifest.Children);
        Assert.Equal(Layer1, child.Digest.ToString());
        Assert.Equal(500, child.Size);
        Assert.Null(manifest.Config);
        Assert.Empty(manifest.Layers);
        Assert.Empty(manifest.RequiredBlobs);
        Assert.Null(manifest.ArtifactType);
    }

    [Fact]
    public void Parse_IndexChildPlatform_IsRead()
    {
        var child = Desc(OciManifestType, Layer1, 500,
            ",\"platform\":{\"os\":\"windows\",\"architecture\":\"amd64\",\"os.version\":\"10.0.20348.1\",\"variant\":\"\",\"features\":[\"x\"]}");

        var manifest = ParseOk(Index(children: $"[{child},{Desc(OciManifestType, Layer2)}]"), OciIndexType);

        Assert.Equal(new Platform("windows", "amd64", null, "10.0.20348.1"), manifest.Children[0].Platform);
        Assert.Null(manifest.Children[1].Platform);
    }

    [Theory]
    [InlineData(",\"platform\":\"linux/amd64\"")]
    [InlineData(",\"platform\":null")]
    [InlineData(",\"platform\":{\"os\":7,\"architecture\":[\"amd64\"]}")]
    public void Parse_PlatformOfAnotherShape_IsIgnoredNotRefused(string platform)
    {
        var manifest = ParseOk(Index(children: $"[{Desc(OciManifestType, Layer1, 500, platform)}]"), OciIndexType);

        var read = Assert.Single(manifest.Children).Platform;
        Assert.True(read is null || read == new Platform(null, null));
    }

    [Fact]
    public void Parse_DockerManifest_IsImage()
    {
        const string docker = ManifestMediaTypes.DockerManifest;
        var json = Image(docker, "application/vnd.docker.container.image.v1+json",
            $"[{Desc("application/vnd.docker.image.rootfs.diff.tar.gzip", Layer1)}]");

        var manifest = ParseOk(json, docker);

        Assert.Equal(docker, manifest.MediaType);
        Assert.Equal(ManifestKind.Image, manifest.Kind);
        Assert.Equal([ConfigDigest, Layer1], manifest.RequiredBlobs.Select(d => d.ToString()));
    }

    [Fact]
    public void Parse_DockerManifestList_IsIndex()
    {
        const string list = ManifestMediaTypes.DockerManifestList;
        var json = Index(list, $"[{Desc(ManifestMediaTypes.DockerManifest, Layer1)},{Desc(ManifestMediaTypes.DockerManifest, Layer2)}]");

        var manifest = ParseOk(json, list);

        Assert.Equal(list, manifest.MediaType);
        Assert.Equal(ManifestKind.Index, manifest.Kind);
        Assert.Equal([Layer1, Layer2], manifest.Children.Select(c => c.Digest.ToString()));
    }

    [Fact]
    public void Parse_ArtifactWithCustomConfigMediaType_ArtifactTypeIsConfigMediaType()
    {
        var manifest = ParseOk(Image(configMediaType: "application/vnd.example.thing.config.v1+json"), OciManifestType);

        Assert.Equal("application/vnd.example.thing.config.v1+json", manifest.ArtifactType);
    }

    [Fact]
    public void Parse_ArtifactWithArtifactTypeAndEmptyLayers_UsesArtifactType()
    {
        var json = Image(configMediaType: ManifestMediaTypes.OciEmpty, layers: "[]",
            extra: ",\"artifactType\":\"application/vnd.example.sbom.v1\",\"annotations\":{\"org.example.k\":\"v\"}");

        var manifest = ParseOk(json, OciManifestType);

        Assert.Equal("application/vnd.example.sbom.v1", manifest.ArtifactType);
        Assert.Empty(manifest.Layers);
        Assert.Equal([ConfigDigest], manifest.RequiredBlobs.Select(d => d.ToString()));
        Assert.Equal("v", manifest.Annotations["org.example.k"]);
    }

    [Fact]
    public void Parse_ManifestWithSubject_ParsesSubject()
    {
        var json = Image(extra: $",\"subject\":{Desc(OciManifestType, SubjectDigest, 1234)}");

        var manifest = ParseOk(json, OciManifestType);

        Assert.NotNull(manifest.Subject);
        Assert.Equal(SubjectDigest, manifest.Subject.Digest.ToString());
        Assert.Equal(OciManifestType, manifest.Subject.MediaType);
        Assert.Equal(1234, manifest.Subject.Size);
        // The subject is a weak reference: it is not a required blob.
        Assert.DoesNotContain(manifest.RequiredBlobs, d => d.ToString() == SubjectDigest);
    }

    [Fact]
    public void Parse_IndexWithSubjectAndArtifactType_ParsesBoth()
    {
        var json = Index(extra: $",\"artifactType\":\"application/vnd.example.bundle\",\"subject\":{Desc(OciIndexType, SubjectDigest)}");

        var manifest = ParseOk(json, OciIndexType);

        Assert.Equal("application/vnd.example.bundle", manifest.ArtifactType);
        Assert.Equal(SubjectDigest, manifest.Subject!.Digest.ToString());
    }

    [Fact]
    public void Parse_DescriptorAnnotationsAndArtifactType_AreRead()
    {
        var layer = Desc("application/vnd.example.blob", Layer1, 3,
            ",\"artifactType\":\"application/vnd.example.a\",\"annotations\":{\"org.opencontainers.image.title\":\"a.txt\"}");

        var manifest = ParseOk(Image(layers: $"[{layer}]"), OciManifestType);

        var parsed = Assert.Single(manifest.Layers);
        Assert.Equal("application/vnd.example.a", parsed.ArtifactType);
        Assert.Equal("a.txt", parsed.Annotations!["org.opencontainers.image.title"]);
    }

    [Theory]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar")]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip")]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd")]
    [InlineData("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip")]
    public void Parse_NonDistributableLayer_ExcludedFromRequiredBlobs(string layerType)
    {
        var layers = $"[{Desc(layerType, Layer1, 5, ",\"urls\":[\"https://example.com/l\"]")},{Desc("application/vnd.oci.image.layer.v1.tar", Layer2)}]";

        var manifest = ParseOk(Image(layers: layers), OciManifestType);

        Assert.Equal(2, manifest.Layers.Count);
        Assert.Equal([ConfigDigest, Layer2], manifest.RequiredBlobs.Select(d => d.ToString()));
    }

    [Fact]
    public void Parse_RepeatedDigests_RequiredBlobsDistinct()
    {
        const string layerType = "application/vnd.oci.image.layer.v1.tar";
        var layers = $"[{Desc(layerType, Layer1)},{Desc(layerType, Layer1)},{Desc(layerType, ConfigDigest)}]";

        var manifest = ParseOk(Image(layers: layers), OciManifestType);

        Assert.Equal([ConfigDigest, Layer1], manifest.RequiredBlobs.Select(d => d.ToString()));
    }

    [Fact]
    public void Parse_UnknownFields_Ignored()
    {
        var layers = $"[{Desc("application/vnd.oci.image.layer.v1.tar", Layer1, 1, ",\"data\":\"e30=\",\"x-custom\":{\"deep\":[1,2,{}]}")}]";
        var json = Image(layers: layers, extra: ",\"futureField\":{\"a\":[null,true,1.5]},\"other\":\"x\"");

        var manifest = ParseOk(json, OciManifestType);

        Assert.Equal([ConfigDigest, Layer1], manifest.RequiredBlobs.Select(d => d.ToString()));
    }

    [Fact]
    public void Parse_Sha512Digest_Accepted()
    {
        var sha512 = Digest.Compute(DigestAlgorithm.Sha512, Utf8("x")).ToString();
        var manifest = ParseOk(Image(layers: $"[{Desc("application/vnd.oci.image.layer.v1.tar", sha512)}]"), OciManifestType);

        Assert.Equal(DigestAlgorithm.Sha512, manifest.Layers[0].Digest.Algorithm);
    }

    [Theory]
    [InlineData("application/vnd.oci.image.manifest.v1+json; charset=utf-8")]
    [InlineData("application/vnd.oci.image.manifest.v1+json ;charset=utf-8")]
    [InlineData(" APPLICATION/vnd.oci.image.manifest.v1+json ")]
    public void Parse_ContentTypeWithParametersOrCase_Accepted(string contentType)
    {
        var manifest = ParseOk(Image(), contentType);

        Assert.Equal(OciManifestType, manifest.MediaType);
    }

    [Fact]
    public void Parse_NoMediaTypeField_UsesContentType()
    {
        var manifest = ParseOk(Image(mediaType: null), ManifestMediaTypes.DockerManifest);

        Assert.Equal(ManifestMediaTypes.DockerManifest, manifest.MediaType);
    }

    [Fact]
    public void Parse_MediaTypeFieldWithoutContentType_UsesField()
    {
        var manifest = ParseOk(Index(ManifestMediaTypes.DockerManifestList), contentType: null);

        Assert.Equal(ManifestMediaTypes.DockerManifestList, manifest.MediaType);
    }

    [Fact]
    public void Parse_NoMediaTypeAnywhere_InfersFromShape()
    {
        Assert.Equal(OciManifestType, ParseOk(Image(mediaType: null), null).MediaType);
        Assert.Equal(OciIndexType, ParseOk(Index(mediaType: null), "").MediaType);
    }

    [Fact]
    public void Parse_NoMediaTypeAndNoShape_Invalid()
    {
        AssertInvalid("""{"schemaVersion":2}""", null);
    }

    [Theory]
    [InlineData(OciManifestType, ManifestMediaTypes.DockerManifest)]
    [InlineData(OciManifestType, OciIndexType)]
    [InlineData(OciManifestType, "application/json")]
    public void Parse_MediaTypeDisagreesWithContentType_Invalid(string field, string contentType)
    {
        AssertInvalid(Image(mediaType: field), contentType);
    }

    [Fact]
    public void Parse_IndexBodyPushedAsImage_Invalid()
    {
        // The index bytes claim (through Content-Type only) to be an image manifest: it has no config.
        AssertInvalid(Index(mediaType: null), OciManifestType);
    }

    [Theory]
    [InlineData("application/vnd.docker.distribution.manifest.v1+prettyjws", null)]
    [InlineData("application/vnd.example.unknown", null)]
    [InlineData(null, "application/octet-stream")]
    [InlineData(null, "text/plain")]
    public void Parse_UnknownMediaType_Invalid(string? field, string? contentType)
    {
        AssertInvalid(Image(mediaType: field), contentType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("{\"schemaVersion\":2,}")]
    [InlineData("{\"schemaVersion\":2} {}")]
    [InlineData("{\"schemaVersion\":2 /* comment */}")]
    [InlineData("{'schemaVersion':2}")]
    public void Parse_NotJson_Invalid(string content)
    {
        AssertInvalid(content, OciManifestType);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"schemaVersion\":2}]")]
    [InlineData("\"manifest\"")]
    [InlineData("2")]
    [InlineData("null")]
    public void Parse_JsonNotObject_Invalid(string content)
    {
        AssertInvalid(content, OciManifestType);
    }

    [Theory]
    [InlineData("\"schemaVersion\":1,")]
    [InlineData("\"schemaVersion\":3,")]
    [InlineData("\"schemaVersion\":\"2\",")]
    [InlineData("\"schemaVersion\":2.5,")]
    [InlineData("\"schemaVersion\":null,")]
    [InlineData("")]
    public void Parse_BadSchemaVersion_Invalid(string schemaVersion)
    {
        var json = Image().Replace("\"schemaVersion\":2,", schemaVersion, StringComparison.Ordinal);

        AssertInvalid(json, OciManifestType);
    }

    [Theory]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"sha256:ABC\",\"size\":1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"sha256:0123\",\"size\":1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"md5:d41d8cd98f00b204e9800998ecf8427e\",\"size\":1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"\",\"size\":1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":42,\"size\":1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"size\":1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"size\":-1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"size\":1.5}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"size\":\"1\"}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"size\":99999999999999999999}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\"}")]
    [InlineData("{\"digest\":\"DIGEST\",\"size\":1}")]
    [InlineData("{\"mediaType\":\"\",\"digest\":\"DIGEST\",\"size\":1}")]
    [InlineData("{\"mediaType\":7,\"digest\":\"DIGEST\",\"size\":1}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"size\":1,\"annotations\":{\"k\":1}}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"size\":1,\"annotations\":[]}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"size\":1,\"artifactType\":5}")]
    [InlineData("{\"mediaType\":\"a/b\",\"digest\":\"DIGEST\",\"digest\":\"DIGEST\",\"size\":1}")]
    [InlineData("\"sha256:not-an-object\"")]
    [InlineData("null")]
    public void Parse_BadDescriptor_InvalidWhereverItAppears(string descriptorTemplate)
    {
        var descriptor = descriptorTemplate.Replace("DIGEST", Layer1, StringComparison.Ordinal);
        var good = Desc("application/vnd.oci.image.layer.v1.tar", Layer2);

        AssertInvalid($$"""{"schemaVersion":2,"config":{{descriptor}},"layers":[]}""", OciManifestType);
        AssertInvalid(Image(layers: $"[{good},{descriptor}]"), OciManifestType);
        AssertInvalid(Image(extra: $",\"subject\":{descriptor}"), OciManifestType);
        AssertInvalid(Index(children: $"[{descriptor}]"), OciIndexType);
    }

    [Fact]
    public void Parse_IndexChildWithBadDigest_Invalid()
    {
        var child = Desc(OciManifestType, "sha256:1234");

        var result = ManifestParser.Parse(Utf8(Index(children: $"[{child}]")), OciIndexType);

        Assert.False(result.IsSuccess);
        Assert.Equal(OciErrorCode.ManifestInvalid, result.Error.Code);
        Assert.Contains("manifests[0].digest", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":[],"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":{}}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":5,"manifests":[]}""")]
    public void Parse_MissingOrMistypedStructure_Invalid(string json)
    {
        AssertInvalid(json, null);
    }

    [Fact]
    public void Parse_LayersNotArray_Invalid()
    {
        AssertInvalid(Image(layers: "{}"), OciManifestType);
    }

    [Theory]
    [InlineData(",\"annotations\":{\"k\":1}")]
    [InlineData(",\"annotations\":\"k=v\"")]
    [InlineData(",\"artifactType\":[\"a\"]")]
    [InlineData(",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"")]
    [InlineData(",\"schemaVersion\":2")]
    [InlineData(",\"config\":{}")]
    public void Parse_BadTopLevelFields_Invalid(string extra)
    {
        AssertInvalid(Image(extra: extra), OciManifestType);
    }

    [Fact]
    public void Parse_TooLarge_ManifestTooLarge()
    {
        var padding = new string(' ', ManifestLimits.MaxSize);
        var result = ManifestParser.Parse(Utf8(Image() + padding), OciManifestType);

        Assert.False(result.IsSuccess);
        Assert.Equal(OciErrorCode.ManifestTooLarge, result.Error.Code);
    }

    [Fact]
    public void Parse_InvalidUtf8InString_Invalid()
    {
        var bytes = Utf8(Image(extra: ",\"annotations\":{\"k\":\"XX\"}"));
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        var result = ManifestParser.Parse(bytes, OciManifestType);

        Assert.False(result.IsSuccess);
        Assert.Equal(OciErrorCode.ManifestInvalid, result.Error.Code);
    }

    private static void AssertInvalid(string json, string? contentType)
    {
        var result = ManifestParser.Parse(Utf8(json), contentType);

        Assert.False(result.IsSuccess, $"expected rejection of {json}");
        Assert.Equal(OciErrorCode.ManifestInvalid, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }
}
