namespace Mcr.EndToEnd.Tests.Harness;

/// <summary>A registry under test as a client reaches it: its <c>host:port</c> and the admin account's credentials.</summary>
public interface IRegistryAccount
{
    /// <summary><c>127.0.0.1:port</c>, the registry host as clients name it.</summary>
    string Host { get; }

    string AdminUser { get; }

    /// <summary>Never printed: clients mask it in their output.</summary>
    string AdminPassword { get; }
}

/// <summary>A registry that runs outside the test process's control (in a container, under systemd).</summary>
public sealed record RegistryAccount(string Host, string AdminUser, string AdminPassword) : IRegistryAccount;
