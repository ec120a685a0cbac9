using Rehab.Contracts.Person.V1;

namespace Rehab.Cli;

/// <summary><c>rehab person …</c>: the person registry. Only <c>person get</c> prints an identity number.</summary>
internal static class PersonCommands
{
    public static CommandSpec[] All { get; } =
    [
        new("person", "ensure", "Returns the person's surrogate id, registering the identity number on first sight.", [],
        [
            new("identity-number", "personnummer or samordningsnummer; '-' reads it from standard input", "number"),
        ], EnsureAsync, "The identity number is never printed: the output shows the surrogate person_id only."),
        new("person", "get", "Shows a person, including the identity number (an audited personal read).", ["<person-id>"], [],
            async inv => Show(inv, await inv.Client.Persons.GetAsync(inv.Argument(0)), withIdentityNumber: true),
            "This is the one command that prints an identity number; the read is recorded in the audit trail with --purpose."),
    ];

    private static async Task<int> EnsureAsync(Invocation inv)
    {
        var person = await inv.Client.Persons.EnsureAsync(inv.FromStdinIfDash(inv.Required("identity-number")));
        return Show(inv, person, withIdentityNumber: false);
    }

    private static int Show(Invocation inv, Person person, bool withIdentityNumber)
    {
        if (!withIdentityNumber) person = new Person(person) { IdentityNumber = "" };
        var fields = new List<(string, string)> { ("person_id", person.PersonId) };
        if (withIdentityNumber) fields.Add(("identity_number", person.IdentityNumber));
        fields.Add(("kind", Names.Kebab(person.Kind)));
        if (person.MergedIntoPersonId.Length > 0) fields.Add(("merged_into_person_id", person.MergedIntoPersonId));
        inv.Out.Record(person, fields);
        return ExitCodes.Ok;
    }
}
