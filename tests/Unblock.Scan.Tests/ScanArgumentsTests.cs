using System.Collections.Generic;
using Xunit;

namespace Unblock.Scan.Tests;

public sealed class ScanArgumentsTests
{
    [Fact]
    public void Defaults_fail_on_warnings_without_sarif()
    {
        var parsed = ScanArguments.Parse(new[] { "scan", "My.sln" }, out var error);
        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal("My.sln", parsed!.Path);
        Assert.Equal(FailOn.Warning, parsed.FailOn);
        Assert.Null(parsed.SarifPath);
        Assert.Empty(parsed.Properties);
        Assert.False(parsed.Quiet);
    }

    [Theory]
    [InlineData("error", FailOn.Error)]
    [InlineData("Warning", FailOn.Warning)]
    [InlineData("none", FailOn.None)]
    public void Fail_on_takes_a_severity_as_the_next_argument_or_after_an_equals_sign(string value, FailOn expected)
    {
        Assert.Equal(expected, ScanArguments.Parse(new[] { "scan", "a.csproj", "--fail-on", value }, out _)!.FailOn);
        Assert.Equal(expected, ScanArguments.Parse(new[] { "scan", "--fail-on=" + value, "a.csproj" }, out _)!.FailOn);
    }

    [Fact]
    public void Sarif_properties_and_quiet_are_read()
    {
        var parsed = ScanArguments.Parse(new[] { "scan", "--sarif", "out.sarif", "a.sln", "-p:Configuration=Release", "--property", "EnableWindowsTargeting=true", "--quiet" }, out var error);
        Assert.Null(error);
        Assert.Equal("out.sarif", parsed!.SarifPath);
        Assert.Equal("a.sln", parsed.Path);
        Assert.Equal("Release", parsed.Properties["Configuration"]);
        Assert.Equal("true", parsed.Properties["EnableWindowsTargeting"]);
        Assert.True(parsed.Quiet);
        Assert.False(parsed.Verbose);
        Assert.True(ScanArguments.Parse(new[] { "scan", "a.sln", "--verbose" }, out _)!.Verbose);
        Assert.Equal(600, parsed.TimeoutSeconds);
        Assert.Equal(0, ScanArguments.Parse(new[] { "scan", "a.sln", "--timeout", "0" }, out _)!.TimeoutSeconds);
        Assert.Equal(90, ScanArguments.Parse(new[] { "scan", "a.sln", "--timeout=90" }, out _)!.TimeoutSeconds);
    }

    public static IEnumerable<object[]> Invalid => new[]
    {
        new object[] { System.Array.Empty<string>(), "missing command" },
        new object[] { new[] { "check", "a.sln" }, "unknown command 'check'" },
        new object[] { new[] { "scan" }, "missing the solution or project" },
        new object[] { new[] { "scan", "a.sln", "b.sln" }, "one solution or project at a time" },
        new object[] { new[] { "scan", "a.sln", "--fail-on", "info" }, "--fail-on 'info'" },
        new object[] { new[] { "scan", "a.sln", "--fail-on" }, "--fail-on needs a value" },
        new object[] { new[] { "scan", "a.sln", "--sarif" }, "--sarif needs a file name" },
        new object[] { new[] { "scan", "a.sln", "-p:NoValue" }, "a property is name=value" },
        new object[] { new[] { "scan", "a.sln", "--verbosity" }, "unknown option '--verbosity'" },
        new object[] { new[] { "scan", "a.sln", "--timeout", "-5" }, "--timeout needs a number of seconds, not '-5'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Bad_arguments_are_refused_with_a_message(string[] args, string message)
    {
        Assert.Null(ScanArguments.Parse(args, out var error));
        Assert.Contains(message, error, System.StringComparison.Ordinal);
    }
}
