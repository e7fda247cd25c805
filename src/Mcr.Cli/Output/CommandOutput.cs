using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mcr.Cli.Client;

namespace Mcr.Cli.Output;

/// <summary>
/// Where a command's result goes: with <c>--json</c> the record as indented JSON (the same for both transports),
/// otherwise the command's table or lines for people. Messages about the run (warnings, progress) go to stderr.
/// </summary>
internal sealed class CommandOutput(CliIo io, bool json)
{
    public bool Json => json;

    public TextWriter Error => io.Error;

    /// <summary>The result: JSON, or what <paramref name="human"/> writes.</summary>
    public void Write<T>(T value, Action<CommandOutput> human)
    {
        if (json)
        {
            io.Out.WriteLine(JsonSerializer.Serialize(value, TypeInfo<T>(McrJson.Indented)));
        }
        else
        {
            human(this);
        }
    }

    /// <summary>One compact JSON object on one line (<c>audit tail --follow --json</c> streams these).</summary>
    public void JsonLine<T>(T value) => io.Out.WriteLine(JsonSerializer.Serialize(value, TypeInfo<T>(McrJson.Default)));

    public void Line(string text) => io.Out.WriteLine(text);

    public void Write(TextTable table) => table.WriteTo(io.Out);

    private static JsonTypeInfo<T> TypeInfo<T>(McrJson context) =>
        context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} is missing from McrJson");
}
