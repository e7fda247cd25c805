namespace Mcr.Server.Auth;

public static class McrAuthentication
{
    /// <summary>The authentication type of every caller: bearer tokens, or Basic credentials on any request.</summary>
    public const string Scheme = "mcr";

    /// <summary>HttpContext.Items key under which a failed authentication leaves its outcome for the answer.</summary>
    internal const string OutcomeKey = "mcr.auth.outcome";
}
