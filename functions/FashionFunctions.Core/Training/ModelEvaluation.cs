namespace FashionFunctions.Core.Training;

public sealed record ClassMetrics(int Label, string ClassName, double Precision, double Recall, double F1);

/// <summary>How a model did on one set of labelled images (validation or Testing), from its calibrated probabilities.</summary>
public sealed record ModelEvaluation(
    int Rows,
    double Accuracy,
    double AccuracyCi95Low,
    double AccuracyCi95High,
    double MacroAccuracy,
    double MacroF1,
    double LogLoss,
    double ExpectedCalibrationError,
    IReadOnlyList<ClassMetrics> PerClass,
    long[][] ConfusionMatrix,
    double MeanConfidence)
{
    public static ModelEvaluation From(IReadOnlyList<float[]> probabilities, IReadOnlyList<uint> labels)
    {
        var matrix = Enumerable.Range(0, FashionClasses.Count).Select(_ => new long[FashionClasses.Count]).ToArray();
        var logLoss = 0.0;
        var confidence = 0.0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            matrix[labels[i]][QualityStatistics.ArgMax(probabilities[i])]++;
            confidence += probabilities[i].Max();
            logLoss -= Math.Log(Math.Max(1e-15, probabilities[i][labels[i]]));
        }

        var perClass = Enumerable.Range(0, FashionClasses.Count).Select(c =>
        {
            var predicted = matrix.Sum(row => row[c]);
            var actual = matrix[c].Sum();
            var precision = predicted == 0 ? 0 : (double)matrix[c][c] / predicted;
            var recall = actual == 0 ? 0 : (double)matrix[c][c] / actual;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new ClassMetrics(c, FashionClasses.Names[c], Math.Round(precision, 6), Math.Round(recall, 6), Math.Round(f1, 6));
        }).ToList();
        var correct = (int)Enumerable.Range(0, FashionClasses.Count).Sum(c => matrix[c][c]);
        var rows = probabilities.Count;
        var (low, high) = QualityStatistics.Wilson95(correct, rows);
        return new ModelEvaluation(
            rows,
            rows == 0 ? 0 : (double)correct / rows,
            Math.Round(low, 6),
            Math.Round(high, 6),
            perClass.Average(c => c.Recall),
            perClass.Average(c => c.F1),
            rows == 0 ? 0 : logLoss / rows,
            Math.Round(QualityStatistics.ExpectedCalibrationError(probabilities, labels), 6),
            perClass,
            matrix,
            rows == 0 ? 0 : Math.Round(confidence / rows, 6));
    }

    /// <summary>One bit per row (row i is bit i % 8 of byte i / 8), set when the model was right: what McNemar's test compares.</summary>
    public static byte[] CorrectBits(IReadOnlyList<float[]> probabilities, IReadOnlyList<uint> labels)
    {
        var bits = new byte[(probabilities.Count + 7) / 8];
        for (var i = 0; i < probabilities.Count; i++)
        {
            if (QualityStatistics.ArgMax(probabilities[i]) == labels[i])
            {
                bits[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return bits;
    }

    public static bool IsSet(byte[] bits, int row) => (bits[row / 8] & (1 << (row % 8))) != 0;
}
