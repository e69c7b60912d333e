namespace FashionFunctions.Training;

public sealed record ClassMetrics(int Label, string ClassName, double Precision, double Recall, double F1);

/// <summary>How a model did on the Testing images.</summary>
public sealed record ModelEvaluation(
    double Accuracy,
    double MacroAccuracy,
    double MacroF1,
    double LogLoss,
    IReadOnlyList<ClassMetrics> PerClass,
    long[][] ConfusionMatrix);
