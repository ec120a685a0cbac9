using Rehab.Reporting.Domain;
using Rehab.Reporting.Inputs;
using Xunit;
using Common = Rehab.Contracts.Common.V1;
using Person = Rehab.Contracts.Person.V1;

namespace Rehab.Reporting.Tests;

/// <summary>The registry's PersonRegistered states the birth date and the legal gender, so Tabell 4 knows the gender of people no other event describes.</summary>
[Trait("Tier", "Fast")]
public sealed class PersonRegisteredFoldTests
{
    private static readonly DateTimeOffset At = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_registered_person_has_the_gender_and_birth_date_the_registry_derived_from_the_number_also_as_of_before_the_registration()
    {
        var registered = new Person.PersonRegistered
        {
            PersonId = "p-1", Kind = Person.IdentityNumberKind.Personnummer, Gender = Common.Gender.Woman,
            BirthDate = new Google.Type.Date { Year = 1980, Month = 4, Day = 2 },
        };

        var rows = ContractEventFold.Fold(ContractEvent.Of("e-1", registered, At)).ToList();

        var gender = Assert.Single(rows.OfType<PersonGenderStated>());
        Assert.Equal(("p-1", BuildingBlocks.Domain.Gender.Woman), (gender.PersonId, gender.Gender));
        Assert.Equal(new DateOnly(1980, 4, 2), Assert.Single(rows.OfType<PersonBirthDateStated>()).BirthDate);
        // Migrated history is reported as of instants before its people were registered: the number's attributes count from the start.
        var log = new InputLog();
        log.AddRange(rows);
        var before = log.AsOf(At.AddYears(-3));
        Assert.Equal(BuildingBlocks.Domain.Gender.Woman, before.GenderOf("p-1"));
        Assert.Equal(new DateOnly(1980, 4, 2), before.BirthDates["p-1"]);
    }

    [Fact]
    public void An_event_from_before_the_registry_published_gender_states_none()
    {
        var registered = new Person.PersonRegistered { PersonId = "p-2", BirthDate = new Google.Type.Date { Year = 1980, Month = 4, Day = 2 } };

        Assert.Empty(ContractEventFold.Fold(ContractEvent.Of("e-2", registered, At)).OfType<PersonGenderStated>());
    }
}
