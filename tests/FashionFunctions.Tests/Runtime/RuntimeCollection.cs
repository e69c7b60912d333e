namespace FashionFunctions.Tests.Runtime;

/// <summary>The runtime tests start app instances of their own (processes among them): one at a time on two cores.</summary>
[CollectionDefinition(Name)]
public sealed class RuntimeCollection
{
    public const string Name = "Runtime";
}
