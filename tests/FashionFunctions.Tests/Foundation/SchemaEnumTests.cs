using FashionFunctions.Core.Data;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using FashionFunctions.Predict;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Foundation;

/// <summary>Every status the code names is a value of its SQL ENUM, and the other way round, in the same order.</summary>
public sealed class SchemaEnumTests
{
    public static TheoryData<string, string, string[]> Columns() => new()
    {
        { "models", "status", Enum.GetValues<ModelStatus>().Select(SqlEnum.Name).ToArray() },
        { "retrain_requests", "status", Enum.GetValues<RetrainRequestStatus>().Select(SqlEnum.Name).ToArray() },
        { "predictions", "source", Enum.GetValues<PredictionSource>().Select(SqlEnum.Name).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task The_sql_enum_and_the_code_enum_hold_the_same_values(string table, string column, string[] code)
    {
        await using var database = await TestDatabase.CreateAsync($"enum_{table}");

        var type = await database.ScalarAsync<string>(
            "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table AND COLUMN_NAME = @column",
            new { table, column });

        Assert.Equal($"enum({string.Join(',', code.Select(v => $"'{v}'"))})", type);
    }
}
