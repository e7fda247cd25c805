namespace Mcr.Core.Policy;

public enum PolicyEffect
{
    Allow,
    Deny,
}
