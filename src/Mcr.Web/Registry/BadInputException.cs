namespace Mcr.Web.Registry;

/// <summary>Input mcr-web refuses before asking the registry (a repository name or digest that cannot be one): a 400 page.</summary>
public sealed class BadInputException(string message) : Exception(message);
