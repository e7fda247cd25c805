using System.Reflection;
using System.Text;
using Mcr.Infrastructure.Configuration;

namespace Mcr.Infrastructure.Tests.Configuration;

public sealed class ConfigKeysTests
{
    /// <summary>A property added to McrOptions without a catalogue entry would be unconfigurable.</summary>
    [Fact]
    public void All_CoversEveryOptionsProperty()
    {
        var expected = new List<string>();
        foreach (var section in typeof(McrOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            foreach (var property in section.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                expected.Add($"{SnakeCase(section.Name)}.{SnakeCase(property.Name)}");
            }
        }

        Assert.Equal(expected.Order(), ConfigKeys.All.Select(k => k.FullName).Order());
    }

    [Fact]
    public void All_SetThenGet_ReachesTheNamedProperty()
    {
        foreach (var key in ConfigKeys.All)
        {
            var options = new McrOptions();
            object value = key.Kind switch
            {
                ConfigValueKind.Duration => TimeSpan.FromSeconds(1234),
                ConfigValueKind.List => new List<string> { "x" },
                _ => "probe-value",
            };
            key.Set(options, value);

            var section = typeof(McrOptions).GetProperties().Single(p => SnakeCase(p.Name) == key.Section).GetValue(options)!;
            var property = section.GetType().GetProperties().Single(p => SnakeCase(p.Name) == key.Name);
            Assert.Equal(value, property.GetValue(section));
        }
    }

    [Fact]
    public void EnvironmentVariable_IsUpperCaseSectionAndKey()
    {
        var key = ConfigKeys.Find("server", "listen_addr");

        Assert.NotNull(key);
        Assert.Equal("MCR_SERVER_LISTEN_ADDR", key.EnvironmentVariable);
        Assert.Same(key, ConfigKeys.FindByVariable("MCR_SERVER_LISTEN_ADDR"));
    }

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
