using FashionFunctions.Core.Explore;
using FashionFunctions.Explore;

namespace FashionFunctions.Tests.Unit;

public sealed class GroupAccuracyTests
{
    private static long[][] Empty() => [.. Enumerable.Range(0, FashionClasses.Count).Select(_ => new long[FashionClasses.Count])];

    [Fact]
    public void A_shirt_taken_for_a_coat_is_right_at_group_level_and_a_sandal_taken_for_a_bag_is_not()
    {
        var matrix = Empty();
        matrix[6][4] = 3; // Shirt as Coat: both Tops
        matrix[6][6] = 1;
        matrix[5][8] = 2; // Sandal as Bag: Footwear as Accessories
        matrix[5][7] = 2; // Sandal as Sneaker: both Footwear

        var (perGroup, overall) = GroupAccuracy.FromConfusion(matrix);

        Assert.Equal(6.0 / 8, overall);
        Assert.Equal((4L, 4L), (perGroup[0].Total, perGroup[0].Correct));
        Assert.Equal((4L, 2L), (perGroup[2].Total, perGroup[2].Correct));
        Assert.Equal(0, perGroup[1].Total);
        Assert.Equal(0, perGroup[1].Accuracy);
    }

    [Fact]
    public void Every_class_belongs_to_one_of_the_four_groups()
    {
        Assert.Equal(FashionClasses.Count, FashionClasses.GroupOf.Count);
        Assert.All(FashionClasses.GroupOf, g => Assert.InRange(g, 0, FashionClasses.GroupNames.Count - 1));
        Assert.Equal(Enumerable.Range(0, 4), FashionClasses.GroupOf.Distinct().Order());
    }
}
