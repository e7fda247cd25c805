namespace Mcr.Core.Errors;

/// <summary>
/// A failure with an OCI error code. Thrown by domain code for conditions the client caused
/// (bad name, unknown blob); one handler in the server turns it into the <c>{"errors":[…]}</c> body.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(OciErrorCode code, string? message = null, object? detail = null)
        : base(message ?? OciErrors.Get(code).Message)
    {
        Code = code;
        Detail = detail;
    }

    public OciErrorCode Code { get; }

    /// <summary>Optional structured detail, serialized into the error body's <c>detail</c> field.</summary>
    public object? Detail { get; }
}
