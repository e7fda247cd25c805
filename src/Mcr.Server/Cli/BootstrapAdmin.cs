using System.Security.Cryptography;
using Mcr.Infrastructure.Identity.Embedded;

namespace Mcr.Server.Cli;

/// <summary>
/// With the embedded identity provider and no accounts yet, creates the <c>admin</c> account with the
/// password from <c>MCR_ADMIN_PASSWORD</c> or a generated one, which is printed once and never stored.
/// </summary>
internal sealed record BootstrapAdmin(string Username, string? GeneratedPassword)
{
    public static async Task<BootstrapAdmin?> EnsureAsync(IServiceProvider services, string? password, CancellationToken cancellationToken)
    {
        if (services.GetService<AccountService>() is not { } accounts)
        {
            return null; // MCIAS manages accounts
        }
        var generated = string.IsNullOrEmpty(password);
        var actual = generated ? GeneratePassword() : password!;
        return await accounts.EnsureBootstrapAdminAsync(actual, cancellationToken)
            ? new BootstrapAdmin(AccountService.BootstrapAdminUsername, generated ? actual : null)
            : null;
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Created the bootstrap account '{Username}' (role admin).");
        output.WriteLine(GeneratedPassword is null
            ? "Its password is the value of MCR_ADMIN_PASSWORD."
            : $"Its password (shown only this once): {GeneratedPassword}");
        output.WriteLine();
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
}
