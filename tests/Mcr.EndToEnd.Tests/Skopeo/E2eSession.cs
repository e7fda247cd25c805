using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Images;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Skopeo;

/// <summary>Per-test state: the server's output attached to this test, a temp work directory, and push helpers.</summary>
public sealed class E2eSession : IDisposable
{
    private readonly IDisposable _attachment;
    private readonly TempDirectory _work = new("mcr-e2e");
    private SkopeoClient? _skopeo;

    public E2eSession(McrProcess server, ITestOutputHelper output)
    {
        Server = server;
        Output = output;
        _attachment = server.AttachOutput(output);
    }

    public McrProcess Server { get; }

    public ITestOutputHelper Output { get; }

    /// <summary>The skopeo client; fails on CI or skips elsewhere when skopeo is not installed.</summary>
    public SkopeoClient Skopeo => _skopeo ??= new SkopeoClient(Tool.Require("skopeo", "skopeo", Output), Server, Output, _work.Path);

    /// <summary>A path in this test's work directory (not created).</summary>
    public string PathFor(string name) => _work.Combine(name);

    /// <summary>Generates an image layout and pushes it to <paramref name="repository"/>:<paramref name="tag"/>.</summary>
    public async Task<WrittenImage> PushImageAsync(string repository, string tag, int layers = 3)
    {
        var layout = PathFor($"push-{Guid.NewGuid():N}");
        var image = TestImages.WriteImage(layout, layers);
        var result = await Skopeo.CopyToRegistryAsync($"oci:{layout}:latest", Skopeo.Image(repository, tag), "--preserve-digests");
        Expect.Success(result, $"push of {repository}:{tag}");
        return image;
    }

    public void Dispose()
    {
        _attachment.Dispose();
        _work.Dispose();
    }
}
