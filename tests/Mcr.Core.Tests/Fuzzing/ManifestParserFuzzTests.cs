using System.Text;
using Mcr.Core.Errors;
using Mcr.Core.Manifests;
using Mcr.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Mcr.Core.Tests.Fuzzing;

/// <summary>
/// <see cref="ManifestParser.Parse"/> never throws: valid manifests parse, and any mutation either parses
/// or fails with MANIFEST_INVALID (or the size error, only over the limit).
/// </summary>
public sealed class ManifestParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_ValidManifests_Succeed() =>
        Fuzz.Check("ManifestParser valid", ManifestInputs.Valid, 500, output.WriteLine, valid =>
        {
            var result = ManifestParser.Parse(Encoding.UTF8.GetBytes(valid.Json), valid.ContentType);
            Assert.True(result.IsSuccess, result.Error?.Message);
            Assert.Equal(valid.ContentType, result.Manifest.MediaType);
        }, valid => valid.Json);

    [Fact]
    public void Parse_MutatedManifests_FailOnlyAsDocumented() =>
        Fuzz.Check("ManifestParser mutated", ManifestInputs.Mutated, 3000, output.WriteLine, mutated =>
        {
            var result = ManifestParser.Parse(mutated.Body, mutated.ContentType);
            if (!result.IsSuccess)
            {
                var expected = mutated.Body.Length > ManifestLimits.MaxSize ? OciErrorCode.ManifestTooLarge : OciErrorCode.ManifestInvalid;
                Assert.Equal(expected, result.Error.Code);
                Assert.False(string.IsNullOrEmpty(result.Error.Message));
            }
        }, mutated => $"{Fuzz.Printable(Encoding.UTF8.GetString(mutated.Body))} as {mutated.ContentType ?? "(none)"}");
}
