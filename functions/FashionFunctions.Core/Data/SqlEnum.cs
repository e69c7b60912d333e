namespace FashionFunctions.Data;

/// <summary>
/// An enum member as a SQL ENUM column spells it: the member's name in lowercase. Dapper reads such values back into
/// the enum by name; writing needs the name (Dapper would send the number).
/// </summary>
public static class SqlEnum
{
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
