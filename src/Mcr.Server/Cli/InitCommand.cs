using System.CommandLine;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;
using Mcr.Server.Hosting;

namespace Mcr.Server.Cli;

/// <summary>
/// <c>mcrsrv init --dir DIR</c>: writes an annotated <c>DIR/mcr.toml</c>, a self-signed certificate and
/// the data directories, and migrates the database. Existing files are never overwritten.
/// </summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Directory to initialise", DefaultValueFactory = _ => new DirectoryInfo("/srv/mcr") };
        var command = new Command("init", "Write a configuration file, a self-signed certificate and the data directories");
        command.Options.Add(dir);
        command.SetAction(parse =>
        {
            var root = parse.GetValue(dir)!.FullName;
            var options = DevDefaults.Create(root);
            var configPath = Path.Combine(root, "mcr.toml");
            Directory.CreateDirectory(root);
            Directory.CreateDirectory(options.Storage.LayersPath);
            Directory.CreateDirectory(options.Storage.UploadsPath);
            if (File.Exists(configPath))
            {
                Console.WriteLine($"kept existing {configPath}");
            }
            else
            {
                File.WriteAllText(configPath, ConfigTemplate.Render(options));
                Console.WriteLine($"wrote {configPath}");
            }
            if (!File.Exists(options.Server.TlsCert))
            {
                TlsCertificates.CreateSelfSigned(options.Server.TlsCert, options.Server.TlsKey);
                Console.WriteLine($"wrote self-signed certificate {options.Server.TlsCert}");
            }
            new SqliteDatabase(options.Database.Path).Initialize();
            Console.WriteLine($"database ready at {options.Database.Path}");
            Console.WriteLine();
            Console.WriteLine($"next: mcrsrv server --config {configPath}");
            Console.WriteLine("      (with the embedded identity provider the first start creates the 'admin' account;");
            Console.WriteLine("       set MCR_ADMIN_PASSWORD to choose its password, or read the generated one from the output)");
            return 0;
        });
        return command;
    }
}
