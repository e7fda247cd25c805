namespace Mcr.Testing.Fuzzing;

/// <summary>Some generated cases broke a property; the message lists them and how to replay the run.</summary>
public sealed class FuzzFailedException(string message) : Exception(message);
