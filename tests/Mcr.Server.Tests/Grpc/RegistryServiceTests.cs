using Grpc.Core;
using Mcr.Protocol.V1;

namespace Mcr.Server.Tests.Grpc;

public sealed class RegistryServiceTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    private RegistryService.RegistryServiceClient Admin => new(fixture.Admin.Invoker);

    private RegistryService.RegistryServiceClient User => new(fixture.User.Invoker);

    [Fact]
    public async Task ListAndGet_ShowPushedRepository()
    {
        var pushed = await fixture.AdminPush.PushImageAsync("grpc/listed", "v1");

        var list = await User.ListRepositoriesAsync(new ListRepositoriesRequest { Page = new PageRequest { N = 1000 } });
        var repository = await User.GetRepositoryAsync(new GetRepositoryRequest { Name = "grpc/listed" });

        var summary = Assert.Single(list.Repositories, r => r.Name == "grpc/listed");
        Assert.Equal(1, summary.TagCount);
        Assert.Equal(1, summary.ManifestCount);
        Assert.True(summary.Size > 0);
        Assert.Equal(summary, repository.Summary);
        var tag = Assert.Single(repository.Tags);
        Assert.Equal(("v1", pushed.Digest.ToString()), (tag.Name, tag.Digest));
        Assert.Equal(pushed.Digest.ToString(), Assert.Single(repository.Manifests).Digest);
    }

    [Fact]
    public async Task Delete_AdminDeletes_UserRefused()
    {
        await fixture.AdminPush.PushImageAsync("grpc/doomed", "v1");

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await User.DeleteRepositoryAsync(new DeleteRepositoryRequest { Name = "grpc/doomed" }));
        var deleted = await Admin.DeleteRepositoryAsync(new DeleteRepositoryRequest { Name = "grpc/doomed" });
        var gone = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.GetRepositoryAsync(new GetRepositoryRequest { Name = "grpc/doomed" }));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal((1, 1), (deleted.ManifestsRemoved, deleted.TagsRemoved));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("", StatusCode.InvalidArgument)]
    [InlineData("Upper/Case", StatusCode.InvalidArgument)]
    [InlineData("../etc", StatusCode.InvalidArgument)]
    [InlineData("no/such/repository", StatusCode.NotFound)]
    public async Task Get_BadOrUnknownName_Refused(string name, StatusCode expected)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Admin.GetRepositoryAsync(new GetRepositoryRequest { Name = name }));

        Assert.Equal(expected, refused.StatusCode);
    }

    [Fact]
    public async Task List_BadPaging_InvalidArgument()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.ListRepositoriesAsync(new ListRepositoriesRequest { Page = new PageRequest { Offset = -1 } }));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }
}
