using System.Net.Http.Json;
using System.Text.Json;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Loop;

/// <summary>Coarse to fine: the groups table, the categories that reference it, and group accuracy in the summary and the registry.</summary>
[Collection(LearningLoopDatabase.Name)]
public sealed class CategoryGroupTests(LearningLoopFixture fixture)
{
    [Fact]
    public async Task Every_category_is_served_with_its_group()
    {
        var categories = await fixture.App.Http.GetFromJsonAsync<JsonElement>("/api/categories");

        Assert.Equal(
            ["Tops", "Bottoms", "Tops", "Tops", "Tops", "Footwear", "Tops", "Footwear", "Accessories", "Footwear"],
            categories.EnumerateArray().Select(c => c.GetProperty("groupName").GetString()));
        var stored = await fixture.Database.QueryAsync<(sbyte ClassIdx, string GroupName)>(
            "SELECT c.class_idx, g.group_name FROM categories c JOIN category_groups g USING (group_id) ORDER BY c.class_idx");
        Assert.Equal(FashionClasses.GroupOf.Select(g => FashionClasses.GroupNames[g]), stored.Select(s => s.GroupName));
    }

    [Fact]
    public async Task The_summary_and_the_registry_report_accuracy_per_group()
    {
        for (var idx = 100; idx < 160; idx++)
        {
            using var response = await fixture.App.Http.PostAsync($"/api/images/Testing/{idx}/predict", null);
            response.EnsureSuccessStatusCode();
        }

        var summary = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/predictions/summary?model={fixture.Model.Version}");
        var model = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/models/{fixture.Model.Version}");

        var perGroup = summary.GetProperty("perGroup").EnumerateArray().ToList();
        Assert.Equal(FashionClasses.GroupNames, perGroup.Select(g => g.GetProperty("groupName").GetString()));
        Assert.Equal(summary.GetProperty("labelled").GetInt64(), perGroup.Sum(g => g.GetProperty("total").GetInt64()));
        Assert.InRange(summary.GetProperty("groupAccuracy").GetDouble(), summary.GetProperty("accuracy").GetDouble(), 1.0);
        Assert.InRange(model.GetProperty("groupAccuracy").GetDouble(), model.GetProperty("testAccuracy").GetDouble(), 1.0);
        Assert.Equal(fixture.Model.TestingRows, model.GetProperty("perGroup").EnumerateArray().Sum(g => g.GetProperty("total").GetInt64()));
    }
}
