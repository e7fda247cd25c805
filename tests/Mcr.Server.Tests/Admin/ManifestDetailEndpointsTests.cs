using System.Net;
using System.Text;
using System.Text.Json;
using Mcr.Core.Identity;
using Mcr.Core.Manifests;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Admin;

/// <summary><c>GET /v1/manifests?repository=R&amp;reference=REF</c> over real HTTP.</summary>
public sealed class ManifestDetailEndpointsTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private const string SbomType = "application/vnd.example.sbom.v1+json";

    [Fact]
    public async Task Index_ByTag_ChildrenWithPlatforms_ReferrersListed()
    {
        var repository = OciServerFixture.NewRepository("mindex");
        var amd64 = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config());
        var arm64 = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(architecture: "arm64", variant: "v8"));
        var index = await fixture.AdminPush.PushIndexAsync(repository,
            [amd64.Entry("linux", "amd64"), arm64.Entry("linux", "arm64", "v8")], "multi");
        using (var retag = await fixture.AdminPush.PutManifestAsync(repository, "latest", index.Content, index.MediaType))
        {
            Assert.Equal(HttpStatusCode.Created, retag.StatusCode);
        }
        var sbom = await fixture.AdminPush.PushImageAsync(repository, subject: index.Descriptor, artifactType: SbomType,
            annotations: new Dictionary<string, string> { ["org.example.kind"] = "sbom" });

        using var response = await fixture.User.GetAsync($"/v1/manifests?repository={repository}&reference=multi");
        var body = await AdminApi.ReadAsync(response);

        AdminApi.AssertFields(body, "repository", "digest", "media_type", "size", "artifact_type", "subject_digest", "created_at", "tags",
            "content", "config", "layers", "image_config", "children", "referrers", "annotations");
        Assert.Equal(repository, body.GetProperty("repository").GetString());
        Assert.Equal(index.Digest.ToString(), body.GetProperty("digest").GetString());
        Assert.Equal(ManifestMediaTypes.OciIndex, body.GetProperty("media_type").GetString());
        Assert.Equal(index.Content.Length, body.GetProperty("size").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("artifact_type").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("subject_digest").ValueKind);
        Assert.True(AdminApi.Time(body, "created_at") > DateTimeOffset.UtcNow.AddMinutes(-5));
        AdminApi.AssertJson("""["latest","multi"]""", body.GetProperty("tags"));
        Assert.Equal(index.Content, Encoding.UTF8.GetBytes(body.GetProperty("content").GetString()!));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("config").ValueKind);
        Assert.Equal("[]", body.GetProperty("layers").GetRawText());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("image_config").ValueKind);
        Assert.Equal("{}", body.GetProperty("annotations").GetRawText());

        var children = AdminApi.Items(body, "children").ToList();
        Assert.Equal(2, children.Count);
        AdminApi.AssertJson(
            $$$"""{"media_type":"{{{ManifestMediaTypes.OciManifest}}}","digest":"{{{amd64.Manifest.Digest}}}","size":{{{amd64.Manifest.Content.Length}}},"artifact_type":null,"annotations":{},"platform":{"os":"linux","architecture":"amd64","variant":null,"os_version":null}}""",
            children[0]);
        AdminApi.AssertJson("""{"os":"linux","architecture":"arm64","variant":"v8","os_version":null}""", children[1].GetProperty("platform"));

        var referrer = Assert.Single(AdminApi.Items(body, "referrers"));
        AdminApi.AssertJson(
            $$$"""{"media_type":"{{{ManifestMediaTypes.OciManifest}}}","digest":"{{{sbom.Digest}}}","size":{{{sbom.Content.Length}}},"artifact_type":"{{{SbomType}}}","annotations":{"org.example.kind":"sbom"},"platform":null}""",
            referrer);
    }

    [Fact]
    public async Task Image_ByDigest_DescriptorsAndImageConfig()
    {
        var repository = OciServerFixture.NewRepository("mimage");
        var image = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(), "v1",
            layerAnnotations: new Dictionary<string, string> { ["org.opencontainers.image.title"] = "app.tar.gz" });

        using var response = await fixture.Admin.GetAsync($"/v1/manifests?repository={repository}&reference={image.Manifest.Digest}");
        var body = await AdminApi.ReadAsync(response);

        Assert.Equal(ManifestMediaTypes.OciManifest, body.GetProperty("media_type").GetString());
        Assert.Equal(ManifestMediaTypes.OciImageConfig, body.GetProperty("artifact_type").GetString());
        AdminApi.AssertJson("""["v1"]""", body.GetProperty("tags"));
        Assert.Equal(Encoding.UTF8.GetString(image.Manifest.Content), body.GetProperty("content").GetString());
        AdminApi.AssertJson(
            $$$"""{"media_type":"{{{ManifestMediaTypes.OciImageConfig}}}","digest":"{{{image.Config.Digest}}}","size":{{{image.Config.Size}}},"artifact_type":null,"annotations":{},"platform":null}""",
            body.GetProperty("config"));
        AdminApi.AssertJson(
            $$"""[{"media_type":"{{TestManifests.LayerType}}","digest":"{{image.Layer.Digest}}","size":300,"artifact_type":null,"annotations":{"org.opencontainers.image.title":"app.tar.gz"},"platform":null}]""",
            body.GetProperty("layers"));
        Assert.Equal("[]", body.GetProperty("children").GetRawText());
        Assert.Equal("[]", body.GetProperty("referrers").GetRawText());

        var config = body.GetProperty("image_config");
        AdminApi.AssertFields(config, "platform", "created", "author", "labels", "env", "entrypoint", "cmd", "working_dir", "user", "history");
        AdminApi.AssertJson("""{"os":"linux","architecture":"amd64","variant":null,"os_version":null}""", config.GetProperty("platform"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), AdminApi.Time(config, "created"));
        Assert.Equal("MCR tests", config.GetProperty("author").GetString());
        AdminApi.AssertJson("""{"org.opencontainers.image.title":"app"}""", config.GetProperty("labels"));
        AdminApi.AssertJson("""["PATH=/usr/local/bin:/usr/bin","LANG=C.UTF-8"]""", config.GetProperty("env"));
        AdminApi.AssertJson("""["/app/server"]""", config.GetProperty("entrypoint"));
        AdminApi.AssertJson("""["--listen",":8080"]""", config.GetProperty("cmd"));
        Assert.Equal("/app", config.GetProperty("working_dir").GetString());
        Assert.Equal("1000:1000", config.GetProperty("user").GetString());
        var history = AdminApi.Items(config, "history").ToList();
        Assert.Equal(2, history.Count);
        AdminApi.AssertFields(history[0], "created", "created_by", "comment", "empty_layer");
        Assert.Equal("ADD app /app", history[0].GetProperty("created_by").GetString());
        Assert.Equal("buildkit", history[0].GetProperty("comment").GetString());
        Assert.False(history[0].GetProperty("empty_layer").GetBoolean());
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("comment").ValueKind);
        Assert.True(history[1].GetProperty("empty_layer").GetBoolean());
    }

    [Fact]
    public async Task DockerImage_DockerConfigIsRead()
    {
        var repository = OciServerFixture.NewRepository("mdocker");
        var image = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(architecture: "arm", variant: "v7"), "v1",
            TestManifests.DockerConfigType, mediaType: ManifestMediaTypes.DockerManifest);

        using var response = await fixture.Admin.GetAsync($"/v1/manifests?repository={repository}&reference=v1");
        var body = await AdminApi.ReadAsync(response);

        Assert.Equal(ManifestMediaTypes.DockerManifest, body.GetProperty("media_type").GetString());
        Assert.Equal(image.Manifest.Digest.ToString(), body.GetProperty("digest").GetString());
        AdminApi.AssertJson("""{"os":"linux","architecture":"arm","variant":"v7","os_version":null}""",
            body.GetProperty("image_config").GetProperty("platform"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"config": {"Env": "not a list"}}""")]
    [InlineData("[1, 2, 3]")]
    public async Task Image_UnparsableConfig_ImageConfigIsNull(string config)
    {
        var repository = OciServerFixture.NewRepository("mbadcfg");
        await AdminImages.PushAsync(fixture.AdminPush, repository, Encoding.UTF8.GetBytes(config), "v1");

        using var response = await fixture.Admin.GetAsync($"/v1/manifests?repository={repository}&reference=v1");
        var body = await AdminApi.ReadAsync(response);

        Assert.Equal(JsonValueKind.Null, body.GetProperty("image_config").ValueKind);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("config").ValueKind);
    }

    [Fact]
    public async Task Image_ConfigOverTheCap_ImageConfigIsNull()
    {
        var repository = OciServerFixture.NewRepository("mbigcfg");
        var config = AdminImages.Config();
        var padded = new byte[Infrastructure.Admin.ImageConfigReader.MaxBytes + 1];
        Array.Fill(padded, (byte)' ');
        config.CopyTo(padded, 0);
        await AdminImages.PushAsync(fixture.AdminPush, repository, padded, "v1");

        using var response = await fixture.Admin.GetAsync($"/v1/manifests?repository={repository}&reference=v1");
        var body = await AdminApi.ReadAsync(response);

        Assert.Equal(JsonValueKind.Null, body.GetProperty("image_config").ValueKind);
        Assert.Equal(padded.Length, body.GetProperty("config").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Artifact_ConfigIsNotAnImageConfig_NotRead()
    {
        var repository = OciServerFixture.NewRepository("martifact");
        await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(), "v1", configType: "application/vnd.example.config+json");

        using var response = await fixture.Admin.GetAsync($"/v1/manifests?repository={repository}&reference=v1");
        var body = await AdminApi.ReadAsync(response);

        Assert.Equal("application/vnd.example.config+json", body.GetProperty("artifact_type").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("image_config").ValueKind);
    }

    [Fact]
    public async Task Referrer_ShowsItsSubject()
    {
        var repository = OciServerFixture.NewRepository("msubject");
        var image = await fixture.AdminPush.PushImageAsync(repository, "v1");
        var signature = await fixture.AdminPush.PushImageAsync(repository, subject: image.Descriptor, artifactType: SbomType);

        using var response = await fixture.Admin.GetAsync($"/v1/manifests?repository={repository}&reference={signature.Digest}");
        var body = await AdminApi.ReadAsync(response);

        Assert.Equal(image.Digest.ToString(), body.GetProperty("subject_digest").GetString());
        Assert.Equal(SbomType, body.GetProperty("artifact_type").GetString());
        Assert.Equal("[]", body.GetProperty("tags").GetRawText());
    }

    [Fact]
    public async Task CallerThePolicyDoesNotLetPull_Forbidden()
    {
        var repository = OciServerFixture.NewRepository("mdeny");
        await fixture.AdminPush.PushImageAsync(repository, "v1");
        using var bot = await fixture.Server.CreateClientForNewAccountAsync("robot-manifests", "user", AccountType.System);

        await AdminApi.AssertGetErrorAsync(bot, $"/v1/manifests?repository={repository}&reference=v1", HttpStatusCode.Forbidden, "registry:pull");
    }

    [Fact]
    public async Task Unknown_NotFound()
    {
        var repository = OciServerFixture.NewRepository("mmiss");
        await fixture.AdminPush.PushImageAsync(repository, "v1");

        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/manifests?repository={repository}&reference=v2", HttpStatusCode.NotFound,
            $"manifest 'v2' not found in repository '{repository}'");
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/manifests?repository={repository}&reference=sha256:{new string('0', 64)}",
            HttpStatusCode.NotFound, "not found");
        var unknown = OciServerFixture.NewRepository("none");
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/manifests?repository={unknown}&reference=v1", HttpStatusCode.NotFound,
            $"repository '{unknown}' not found");
    }

    [Theory]
    [InlineData("repository=team/app", "reference is required")]
    [InlineData("reference=v1", "repository is required")]
    [InlineData("repository=Team/App&reference=v1", "invalid repository name")]
    [InlineData("repository=team/app&reference=sha256:short", "invalid digest")]
    [InlineData("repository=team/app&reference=md5:abc", "invalid digest")]
    [InlineData("repository=team/app&reference=bad%20tag", "neither a digest nor a valid tag")]
    [InlineData("repository=team/app&reference=v1&reference=v2", "reference may be given once")]
    public async Task BadInput_BadRequest(string query, string message)
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/manifests?{query}", HttpStatusCode.BadRequest, message);
    }
}
