using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mcr.Cli.Client;
using Spectre.Console;

namespace Mcr.Cli.Output;

/// <summary>
/// Where a command's result goes: with <c>--json</c> the record as indented JSON (the same for both transports),
/// otherwise the command's table or lines for people. Messages about the run (warnings, progress) go to stderr.
/// </summary>
internal sealed class CommandOutput(CliIo io, bool json)
{
    private IAnsiConsole? _console;

    public bool Json => json;

    public TextWriter Error => io.Error;

    public IAnsiConsole Console => _console ??= io.CreateConsole();

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

    /// <summary>A table in the house style: a header rule, no boxes, so it greps and reads in a narrow terminal.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column).NoWrap());
        }
        return table;
    }

    public void Write(Table table) => Console.Write(table);

    /// <summary>Adds a row of plain text (escaped: names and messages are never markup).</summary>
    public static void Row(Table table, params string?[] cells) =>
        table.AddRow([.. cells.Select(c => Markup.Escape(c ?? "-"))]);

    private static JsonTypeInfo<T> TypeInfo<T>(McrJson context) =>
        context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} is missing from McrJson");
}
