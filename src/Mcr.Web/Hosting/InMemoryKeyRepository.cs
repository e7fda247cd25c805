using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Mcr.Web.Hosting;

/// <summary>
/// Where the data protection keys (session cookie, anti-forgery tokens, flash messages) live: this process's memory.
/// Nothing reaches the disk, which mcr-web only reads; restarting mcr-web signs everyone out.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly Lock _lock = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
        {
            _elements.Add(new XElement(element));
        }
    }
}
