using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Unit;

public sealed class SyntheticNegativesTests
{
    [Fact]
    public void The_same_seed_draws_the_same_images_and_another_seed_others()
    {
        var first = SyntheticNegatives.Generate(28, seed: 11);
        var again = SyntheticNegatives.Generate(28, seed: 11);
        var other = SyntheticNegatives.Generate(28, seed: 12);

        Assert.Equal(first.Select(n => n.Pixels), again.Select(n => n.Pixels));
        Assert.NotEqual(first.Select(n => Convert.ToHexString(n.Pixels)), other.Select(n => Convert.ToHexString(n.Pixels)));
    }

    [Fact]
    public void Every_kind_is_drawn_as_28x28_pixels_and_only_blanks_are_blank()
    {
        var negatives = SyntheticNegatives.Generate(70, seed: 3);

        Assert.Equal(Enum.GetValues<NegativeKind>().ToHashSet(), negatives.Select(n => n.Kind).ToHashSet());
        Assert.All(negatives, n => Assert.Equal(784, n.Pixels.Length));
        var drawn = negatives.Where(n => n.Kind is NegativeKind.Text or NegativeKind.Digits or NegativeKind.Shapes or NegativeKind.Texture).ToList();
        Assert.All(drawn, n => Assert.True(n.Pixels.Max() > 0, $"{n.Kind} shows something"));
        // A long line of text shrinks to a faint strip 28 pixels wide; most drawings keep their contrast.
        Assert.True(drawn.Count(n => n.Pixels.Max() - n.Pixels.Min() > 50) >= drawn.Count * 3 / 4);
    }
}
