using Mcr.Cli.Output;

namespace Mcr.Cli.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public void Columns_AreAligned_WithoutTrailingSpace_AndARowIsOneLine()
    {
        var table = new TextTable("NAME", "SIZE", "NOTE");
        table.Add("team/app", "1 KiB", "a long note that would wrap in a boxed table");
        table.Add("x", null, "line\nbreak");
        using var output = new StringWriter();
        table.WriteTo(output);
        Assert.Equal(
            """
            NAME      SIZE   NOTE
            team/app  1 KiB  a long note that would wrap in a boxed table
            x         -      line?break

            """.ReplaceLineEndings("\n"),
            output.ToString().ReplaceLineEndings("\n"));
    }
}
