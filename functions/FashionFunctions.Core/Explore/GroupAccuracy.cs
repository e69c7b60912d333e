namespace FashionFunctions.Core.Explore;

/// <summary>Accuracy at the coarse level: an answer counts as right when it names any class of the true class's group.</summary>
public sealed record GroupAccuracy
{
    public required int GroupId { get; init; }
    public required string GroupName { get; init; }
    public required long Total { get; init; }
    public required long Correct { get; init; }
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Per group and overall, from a confusion matrix whose rows are true classes and columns predicted ones.</summary>
    public static (IReadOnlyList<GroupAccuracy> PerGroup, double Overall) FromConfusion(long[][] matrix)
    {
        var totals = new long[FashionClasses.GroupNames.Count];
        var correct = new long[totals.Length];
        for (var actual = 0; actual < matrix.Length; actual++)
        {
            var group = FashionClasses.GroupOf[actual];
            for (var predicted = 0; predicted < matrix[actual].Length; predicted++)
            {
                totals[group] += matrix[actual][predicted];
                correct[group] += FashionClasses.GroupOf[predicted] == group ? matrix[actual][predicted] : 0;
            }
        }

        var perGroup = Enumerable.Range(0, totals.Length)
            .Select(g => new GroupAccuracy { GroupId = g + 1, GroupName = FashionClasses.GroupNames[g], Total = totals[g], Correct = correct[g] })
            .ToList();
        var all = totals.Sum();
        return (perGroup, all == 0 ? 0 : (double)correct.Sum() / all);
    }
}
