namespace FashionFunctions.Core.Data;

/// <summary>
/// An enum member as a SQL ENUM column spells it: the member's name in lowercase. Dapper reads such values back into
/// the enum by name; writing needs the name (Dapper would send the number).
/// </summary>
public static class SqlEnum
{
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A value read on its own (ExecuteScalar): Dapper maps ENUM strings into record members, not into a scalar.</summary>
    public static T? Parse<T>(string? value) where T : struct, Enum => value is null ? null : Enum.Parse<T>(value, ignoreCase: true);
}
