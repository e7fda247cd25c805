namespace Mcr.Server.Auth;

public static class McrAuthentication
{
    /// <summary>The single authentication scheme: bearer tokens, or Basic credentials on any request.</summary>
    public const string Scheme = "mcr";

    /// <summary>HttpContext.Items key under which a failed authentication leaves its outcome for the challenge.</summary>
    internal const string OutcomeKey = "mcr.auth.outcome";
}
