using System.Collections;

namespace Mcr.Server.Observability;

/// <summary>
/// The log scope of a request: one <c>RequestId</c> property, which the JSON formatter writes as a field of
/// the line's <c>Scopes</c> and the text formatter as <c>RequestId:…</c>.
/// </summary>
internal sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Key = "RequestId";

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(Key, requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Key}:{requestId}";
}
