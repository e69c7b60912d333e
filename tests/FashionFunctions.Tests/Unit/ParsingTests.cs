namespace FashionFunctions.Tests.Unit;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("Training", ImageUse.Training)]
    [InlineData("testing", ImageUse.Testing)]
    [InlineData("TESTING", ImageUse.Testing)]
    [InlineData("1", ImageUse.Training)]
    [InlineData("2", ImageUse.Testing)]
    [InlineData("feedback", ImageUse.Feedback)]
    [InlineData("3", ImageUse.Feedback)]
    public void A_use_is_a_name_in_any_case_or_its_id(string text, ImageUse expected)
    {
        Assert.True(ImageUses.TryParse(text, out var use));
        Assert.Equal(expected, use);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("4")]
    [InlineData("-1")]
    [InlineData("1, 2")]
    [InlineData("Training,Testing")]
    [InlineData("Validation")]
    [InlineData("256")]
    public void Anything_else_is_not_a_use(string text) => Assert.False(ImageUses.TryParse(text, out _));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("9", 9)]
    [InlineData("Ankle boot", 9)]
    [InlineData("t-shirt/top", 0)]
    [InlineData("SNEAKER", 7)]
    public void A_label_is_an_index_or_a_class_name(string text, int expected)
    {
        Assert.True(FashionClasses.TryParse(text, out var label));
        Assert.Equal(expected, label);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("Hat")]
    [InlineData("1e1")]
    public void Anything_else_is_not_a_label(string text) => Assert.False(FashionClasses.TryParse(text, out _));

    [Theory]
    [InlineData("Testing", "-1")]
    [InlineData("Testing", "abc")]
    [InlineData("Testing", "10000000")]
    [InlineData("Testing", "99999999999999999999")]
    [InlineData("Nope", "1")]
    public void An_image_key_rejects_bad_parts_with_a_message(string use, string idx)
    {
        Assert.False(ImageKey.TryParse(use, idx, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
