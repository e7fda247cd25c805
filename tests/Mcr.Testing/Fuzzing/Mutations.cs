using FsCheck;
using FsCheck.Fluent;

namespace Mcr.Testing.Fuzzing;

/// <summary>
/// Mutations of valid inputs, the way a hostile or broken client bends them: flipped characters,
/// truncation, inserted separators and traversal (<c>/</c>, <c>..</c>, <c>%2e</c>), NUL, control and
/// non-ASCII characters, and huge lengths. A suite mixes them with its valid inputs, so that the
/// cases sit near the edge of the grammar rather than in random noise.
/// </summary>
public static class Mutations
{
    /// <summary>Fragments that parsers and routers treat specially.</summary>
    public static readonly string[] Hostile =
    [
        "/", "//", "..", "../", "/..", "%2e", "%2E%2e", "%2f", "%2F", "%00", "%", "%zz", "\0", "\n", "\r\n", "\t", " ",
        ":", "@", "?", "#", "&", "=", ";", ",", "\\", "*", "\"", "'", "<", ">", "{", "}", "[", "]", "+", "~",
        "A", "Z", "É", "é", "ß", "İ", "ı", "Ａ", "٣", "\u00a0", "\u200b", "\u202e", "\ufeff", "\ud83d\ude00", "\ud800", "\uffff",
        "-", "_", ".", "__", "--", "0", "9", "sha256:", "bytes=", "-1", "99999999999999999999",
    ];

    /// <summary>Any character: ASCII half the time, else anything in the BMP (lone surrogates included).</summary>
    public static readonly Gen<char> AnyChar = Gen.Frequency(
        (5, Gen.Choose(32, 126).Select(i => (char)i)),
        (1, Gen.Choose(0, 31).Select(i => (char)i)),
        (2, Gen.Choose(127, 0xFFFF).Select(i => (char)i)));

    /// <summary>A string of up to <paramref name="maxLength"/> arbitrary characters.</summary>
    public static Gen<string> Junk(int maxLength = 80) =>
        from length in Gen.Choose(0, maxLength)
        from chars in Gen.ArrayOf(AnyChar, length)
        select new string(chars);

    /// <summary>One to three mutations of <paramref name="valid"/>.</summary>
    public static Gen<string> Of(string valid) =>
        from rounds in Gen.Choose(1, 3)
        from result in Repeat(Gen.Constant(valid), rounds)
        select result;

    /// <summary>Valid values, their mutations and junk, mixed: mostly mutations.</summary>
    public static Gen<string> Mixed(Gen<string> valid) => Gen.Frequency(
        (3, valid),
        (6, valid.SelectMany(Of)),
        (1, Junk()));

    private static Gen<string> Repeat(Gen<string> current, int rounds) =>
        rounds == 0 ? current : Repeat(current.SelectMany(Once), rounds - 1);

    private static Gen<string> Once(string s) => Gen.Frequency(
        (3, Insert(s)),
        (2, Replace(s)),
        (2, Truncate(s)),
        (1, Delete(s)),
        (1, Huge(s)),
        (1, Gen.Constant(s.ToUpperInvariant())),
        (1, Gen.Constant(s + s)));

    // The ends are where anchoring and trimming bugs hide, so they are picked as often as the middle.
    private static Gen<int> Position(string s) =>
        Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(s.Length)), (2, Gen.Choose(0, s.Length)));

    private static Gen<string> Insert(string s) =>
        from at in Position(s)
        from fragment in Gen.OneOf(Gen.Elements(Hostile), AnyChar.Select(c => c.ToString()))
        select s.Insert(at, fragment);

    private static Gen<string> Replace(string s) =>
        s.Length == 0 ? Insert(s) :
        from at in Gen.Choose(0, s.Length - 1)
        from c in AnyChar
        select s[..at] + c + s[(at + 1)..];

    private static Gen<string> Truncate(string s) =>
        from length in Gen.Choose(0, s.Length)
        select s[..length];

    private static Gen<string> Delete(string s) =>
        s.Length == 0 ? Gen.Constant(s) :
        from at in Gen.Choose(0, s.Length - 1)
        select s.Remove(at, 1);

    private static Gen<string> Huge(string s) =>
        from length in Gen.Elements(127, 128, 129, 254, 255, 256, 1000, 70_000)
        from c in Gen.Elements('a', '0', '/', '.', '-')
        from atEnd in Gen.Elements(true, false)
        select atEnd ? s + new string(c, length) : new string(c, length) + s;

    /// <summary>Byte-level mutations of a valid body: bit flips, truncation, inserted and deleted bytes.</summary>
    public static Gen<byte[]> OfBytes(byte[] valid) =>
        from rounds in Gen.Choose(1, 4)
        from result in RepeatBytes(Gen.Constant(valid), rounds)
        select result;

    private static Gen<byte[]> RepeatBytes(Gen<byte[]> current, int rounds) =>
        rounds == 0 ? current : RepeatBytes(current.SelectMany(OnceBytes), rounds - 1);

    private static Gen<byte[]> OnceBytes(byte[] b) => b.Length == 0
        ? Gen.Choose(0, 255).Select(x => new[] { (byte)x })
        : Gen.OneOf(
            from at in Gen.Choose(0, b.Length - 1)
            from bit in Gen.Choose(0, 7)
            select With(b, at, (byte)(b[at] ^ (1 << bit))),
            from length in Gen.Choose(0, b.Length)
            select b[..length],
            from at in Gen.Choose(0, b.Length)
            from x in Gen.Elements<byte>(0, 0x22, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x5c, 0x80, 0xc0, 0xff)
            select (byte[])[.. b[..at], x, .. b[at..]],
            from at in Gen.Choose(0, b.Length - 1)
            select (byte[])[.. b[..at], .. b[(at + 1)..]]);

    private static byte[] With(byte[] b, int at, byte value)
    {
        var copy = (byte[])b.Clone();
        copy[at] = value;
        return copy;
    }
}
