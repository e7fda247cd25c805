using Mcr.Core.Policy;

namespace Mcr.Core.Tests.Policy;

public sealed class PolicyRuleValidatorTests
{
    private static readonly PolicyRule _valid = new()
    {
        Priority = 10,
        Description = "CI may push to ci/*",
        Effect = PolicyEffect.Allow,
        Roles = ["ci"],
        AccountTypes = ["system"],
        SubjectUuid = "44444444-4444-4444-4444-444444444444",
        Actions = [PolicyAction.Pull, PolicyAction.Push],
        Repositories = ["ci/*", "tools/app-?", "exact/name"],
    };

    [Fact]
    public void Validate_CompleteRule_NoErrors() => Assert.Empty(PolicyRuleValidator.Validate(_valid));

    [Fact]
    public void Validate_AllFieldsEmpty_NoErrorsBecauseEmptyIsWildcard() =>
        Assert.Empty(PolicyRuleValidator.Validate(new PolicyRule { Priority = 1, Effect = PolicyEffect.Deny }));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_PriorityBelowOne_Error(int priority)
    {
        var error = Assert.Single(PolicyRuleValidator.Validate(_valid with { Priority = priority }));
        Assert.Contains("priority", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownAction_ErrorNamesIt()
    {
        var error = Assert.Single(PolicyRuleValidator.Validate(_valid with { Actions = [PolicyAction.Pull, "registry:everything"] }));
        Assert.Contains("registry:everything", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownEffect_Error() =>
        Assert.Single(PolicyRuleValidator.Validate(_valid with { Effect = (PolicyEffect)7 }));

    [Theory]
    [InlineData("robot")]
    [InlineData("Human")]
    [InlineData("")]
    public void Validate_UnknownAccountType_Error(string accountType) =>
        Assert.Single(PolicyRuleValidator.Validate(_valid with { AccountTypes = [accountType] }));

    [Fact]
    public void Validate_DescriptionTooLong_Error()
    {
        Assert.Empty(PolicyRuleValidator.Validate(_valid with { Description = new string('d', 256) }));
        Assert.Single(PolicyRuleValidator.Validate(_valid with { Description = new string('d', 257) }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    public void Validate_BadRole_Error(string role) =>
        Assert.Single(PolicyRuleValidator.Validate(_valid with { Roles = [role] }));

    [Fact]
    public void Validate_SubjectWithSpaces_Error() =>
        Assert.Single(PolicyRuleValidator.Validate(_valid with { SubjectUuid = "not a uuid" }));

    [Theory]
    [InlineData("")]
    [InlineData("Production/*")]
    [InlineData("prod/[ab]")]
    [InlineData("/prod")]
    [InlineData("prod/")]
    [InlineData("prod//app")]
    [InlineData("prod/**")]
    [InlineData("prod\\app")]
    [InlineData("pröd")]
    public void Validate_MalformedGlob_Error(string pattern)
    {
        var error = Assert.Single(PolicyRuleValidator.Validate(_valid with { Repositories = [pattern] }));
        Assert.Contains("repository pattern", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GlobTooLong_Error() =>
        Assert.Single(PolicyRuleValidator.Validate(_valid with { Repositories = [new string('a', 256)] }));

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var rule = _valid with { Priority = 0, Actions = ["nope"], AccountTypes = ["robot"], Repositories = ["/x"] };
        Assert.Equal(4, PolicyRuleValidator.Validate(rule).Count);
    }

    [Fact]
    public void Validate_HugeBadValue_MessageStaysShort()
    {
        var error = Assert.Single(PolicyRuleValidator.Validate(_valid with { Actions = [new string('x', 10_000)] }));
        Assert.True(error.Length < 300);
    }
}
