using Mcr.Testing.Fuzzing;

namespace Mcr.Server.Tests.Fuzzing.Routes;

/// <summary>How a generated request authenticates.</summary>
internal enum FuzzAuth
{
    Admin,
    None,
    Junk,
}

/// <summary>One generated request: everything needed to send it, and to print it when it breaks a property.</summary>
internal sealed record FuzzRequest(
    string Route,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body,
    string? ContentType,
    FuzzAuth Auth,
    string? JunkAuthorization)
{
    public override string ToString() =>
        $"[{Route}] {Method} {Fuzz.Printable(Path + Query)} auth={Auth}{(JunkAuthorization is null ? "" : " " + Fuzz.Printable(JunkAuthorization))}" +
        $" headers=[{string.Join("; ", Headers.Select(h => $"{h.Name}: {Fuzz.Printable(h.Value)}"))}]" +
        $" body={(Body is null ? "none" : $"{Body.Length} bytes {Fuzz.Printable(System.Text.Encoding.UTF8.GetString(Body.Length > 200 ? Body[..200] : Body))}")}" +
        $" type={ContentType ?? "none"}";
}
