using Mcr.Server.Cli;

return await McrCommandLine.Build().Parse(args).InvokeAsync();
