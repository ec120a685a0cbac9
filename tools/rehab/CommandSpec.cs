namespace Rehab.Cli;

/// <summary>An option: <c>--name value</c> (or <c>--name=value</c>), or a flag when <see cref="Value"/> is null.</summary>
internal sealed record OptionSpec(string Name, string Help, string? Value = null, bool Repeatable = false)
{
    public string Usage => Value is null ? "--" + Name : $"--{Name} <{Value}>";
}

/// <summary>A command: <c>rehab &lt;group&gt; &lt;name&gt; [arguments] [options]</c>; <see cref="Name"/> is empty for a group-less command.</summary>
internal sealed record CommandSpec(
    string Group, string Name, string Summary, string[] Arguments, OptionSpec[] Options, Func<Invocation, Task<int>> Run, string? Details = null)
{
    public string Path => Name.Length == 0 ? Group : $"{Group} {Name}";
}
