namespace Mcr.Server.Errors;

public sealed record OciErrorBody(IReadOnlyList<OciErrorBody.Item> Errors)
{
    public sealed record Item(string Code, string Message, object? Detail);
}
