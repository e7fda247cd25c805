using System.Net;
using System.Text.Json;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Mcr.Protocol.V1;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Admin;

/// <summary>
/// The admin REST bodies carry the fields of the gRPC messages (proto/mcr/v1), under the proto field names, at
/// every depth: so a client can read either API alike and the two can be compared answer for answer. Where REST
/// inlines a sub-message (a listing's <c>page</c>, a repository's <c>summary</c>) its fields stand at that level.
/// </summary>
public sealed class ProtoContractTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    [Fact]
    public async Task RegistryBodies_HaveTheFieldsOfTheProtoMessages()
    {
        var repository = OciServerFixture.NewRepository("proto");
        var image = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(), "v1",
            layerAnnotations: new Dictionary<string, string> { ["a"] = "b" });
        var index = await fixture.AdminPush.PushIndexAsync(repository, [image.Entry("linux", "amd64")], "multi");
        await fixture.AdminPush.PushImageAsync(repository, subject: index.Descriptor, artifactType: "application/vnd.example+json");

        AssertShape(Repository.Descriptor, await GetAsync($"/v1/repositories/{repository}"), inline: "summary");
        AssertShape(ListRepositoriesResponse.Descriptor, await GetAsync($"/v1/repositories?q={repository}"), inline: "page");
        AssertShape(ListTagsResponse.Descriptor, await GetAsync($"/v1/tags?repository={repository}"), inline: "page");
        AssertShape(Manifest.Descriptor, await GetAsync($"/v1/manifests?repository={repository}&reference=multi"));
        var child = await GetAsync($"/v1/manifests?repository={repository}&reference=v1");
        Assert.Equal(JsonValueKind.Object, child.GetProperty("image_config").ValueKind);
        AssertShape(Manifest.Descriptor, child);
        AssertShape(RegistryStats.Descriptor, await GetAsync("/v1/stats"));

        using (var deleteTag = await fixture.Admin.DeleteAsync($"/v1/tags?repository={repository}&tag=v1"))
        {
            AssertShape(DeleteTagResponse.Descriptor, await AdminApi.ReadAsync(deleteTag));
        }
        using var deleteRepository = await fixture.Admin.DeleteAsync($"/v1/repositories/{repository}");
        AssertShape(DeleteRepositoryResponse.Descriptor, await AdminApi.ReadAsync(deleteRepository));
    }

    [Fact]
    public async Task AccountBodies_HaveTheFieldsOfTheProtoMessages()
    {
        AssertShape(ListAccountsResponse.Descriptor, await GetAsync("/v1/accounts"));
        AssertShape(Protocol.V1.Account.Descriptor, await AccountApi.CreateAsync(fixture.Admin, """{"username":"proto-ci","type":"system"}"""));
        using var token = await fixture.Admin.PostAsync("/v1/accounts/proto-ci/token", null);
        AssertShape(SystemToken.Descriptor, await AdminApi.ReadAsync(token, HttpStatusCode.Created));
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await fixture.Admin.GetAsync(path);
        return await AdminApi.ReadAsync(response);
    }

    /// <summary>
    /// The object has exactly the message's fields (those named in <paramref name="inline"/> replaced by their own
    /// fields), and every nested message value (object, or each element of a list) has its message's fields.
    /// </summary>
    private static void AssertShape(MessageDescriptor message, JsonElement json, params string[] inline)
    {
        var fields = new List<(FieldDescriptor Field, JsonElement Value)>();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (inline.Contains(field.Name))
            {
                fields.AddRange(field.MessageType.Fields.InDeclarationOrder().Select(inner => (inner, json.GetProperty(inner.Name))));
            }
            else
            {
                Assert.True(json.TryGetProperty(field.Name, out var value), $"{message.Name}: no field '{field.Name}' in {json}");
                fields.Add((field, value));
            }
        }
        AdminApi.AssertFields(json, [.. fields.Select(f => f.Field.Name)]);
        foreach (var (field, value) in fields)
        {
            if (field.FieldType != FieldType.Message || field.IsMap || field.MessageType.FullName == Timestamp.Descriptor.FullName)
            {
                continue;
            }
            var values = field.IsRepeated ? [.. value.EnumerateArray()] : value.ValueKind == JsonValueKind.Null ? [] : new[] { value };
            foreach (var element in values)
            {
                AssertShape(field.MessageType, element);
            }
        }
    }
}
