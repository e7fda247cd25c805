using Mcr.Cli;

return await Mcrctl.RunAsync(args, CliIo.System(), CancellationToken.None);
