using Mcr.Infrastructure.Identity.Embedded;

namespace Mcr.Infrastructure.Tests.Identity;

public sealed class PasswordHasherTests
{
    private const string Password = "correct horse battery staple";

    // One real hash for the class: each PBKDF2 run costs 600k rounds.
    private static readonly Lazy<string> _encoded = new(() => PasswordHasher.Hash(Password));

    [Fact]
    public void Hash_Format_SchemeIterationsSaltHash()
    {
        var parts = _encoded.Value.Split('$');

        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("600000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain(Password, _encoded.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RightAndWrongPassword()
    {
        Assert.True(PasswordHasher.Verify(Password, _encoded.Value));
        Assert.False(PasswordHasher.Verify(Password + " ", _encoded.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bcrypt$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$600000$not base64$AAAA")]
    public void Verify_MissingOrMalformedHash_False(string? encoded)
    {
        Assert.False(PasswordHasher.Verify(Password, encoded));
    }
}
