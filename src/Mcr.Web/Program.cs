using Mcr.Web.Cli;

return await WebCommandLine.Build().Parse(args).InvokeAsync();
