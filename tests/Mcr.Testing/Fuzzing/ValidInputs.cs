using FsCheck;
using FsCheck.Fluent;

namespace Mcr.Testing.Fuzzing;

/// <summary>Generators of inputs that the OCI grammars accept: the seeds the mutations start from.</summary>
public static class ValidInputs
{
    private static readonly Gen<char> _lowerAlnum = Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray());

    private static readonly Gen<char> _tagChar = Gen.Elements("abcxyzABCXYZ0189_.-".ToCharArray());

    private static Gen<string> Word(int max) =>
        from length in Gen.Choose(1, max)
        from chars in Gen.ArrayOf(_lowerAlnum, length)
        select new string(chars);

    /// <summary>A path component: <c>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*</c>.</summary>
    public static readonly Gen<string> Component =
        from first in Word(8)
        from rest in Gen.ListOf(
            from separator in Gen.Elements(".", "_", "__", "-", "--", "---")
            from word in Word(6)
            select separator + word).Resize(3)
        select first + string.Concat(rest);

    public static readonly Gen<string> RepositoryName =
        from count in Gen.Choose(1, 4)
        from components in Gen.ArrayOf(Component, count)
        select string.Join('/', components);

    public static readonly Gen<string> Tag =
        from first in Gen.Elements("aZ09_".ToCharArray())
        from length in Gen.Frequency((6, Gen.Choose(0, 20)), (1, Gen.Choose(120, 127)))
        from rest in Gen.ArrayOf(_tagChar, length)
        select first + new string(rest);

    public static readonly Gen<string> Digest =
        from sha512 in Gen.Elements(false, true)
        from hex in Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), sha512 ? 128 : 64)
        select (sha512 ? "sha512:" : "sha256:") + new string(hex);
}
