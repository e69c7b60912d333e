using System.Globalization;
using FashionFunctions.Core.Learning;

namespace FashionFunctions.Core.Training;

public sealed record PromotionDecision(bool Promote, string Reason);

/// <summary>
/// Whether a candidate replaces the active model, decided on the fixed validation rows only: the candidate must be right
/// on significantly more of the rows where the two disagree (McNemar's exact one-sided test below the configured p).
/// A better-looking Testing figure never promotes anything, and small random gains cannot chain into a slow decline.
/// </summary>
public static class PromotionPolicy
{
    public static PromotionDecision Decide(ModelVersion candidate, ModelVersion? active, bool force, double maxPValue)
    {
        if (force)
        {
            return new(true, "Promoted: forced.");
        }

        if (active is null)
        {
            return new(true, "Promoted: no model was active.");
        }

        if (FeatureContracts.Refusal(active.Version, active.FeatureContract) is { } unusable)
        {
            return new(true, $"Promoted: the active model cannot be served by this code. {unusable}");
        }

        if (active.ValidationSplit != candidate.ValidationSplit || active.ValidationCorrect is null || candidate.ValidationCorrect is null
            || active.ValidationRows != candidate.ValidationRows)
        {
            return new(true, $"Promoted: active v{active.Version} was not scored on the same validation rows, so the two cannot be compared.");
        }

        var (onlyActive, onlyCandidate) = (0, 0);
        for (var row = 0; row < candidate.ValidationRows; row++)
        {
            var (a, c) = (ModelEvaluation.IsSet(active.ValidationCorrect, row), ModelEvaluation.IsSet(candidate.ValidationCorrect, row));
            onlyActive += a && !c ? 1 : 0;
            onlyCandidate += c && !a ? 1 : 0;
        }

        var p = QualityStatistics.McNemarOneSided(onlyActive, onlyCandidate);
        var promote = onlyCandidate > onlyActive && p < maxPValue;
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"validation accuracy {candidate.ValidationAccuracy:P2} vs active v{active.Version} {active.ValidationAccuracy:P2}; " +
            $"right where the other is wrong: candidate {onlyCandidate} rows, active {onlyActive}; McNemar one-sided p = {p:G3}");
        return new(promote, promote
            ? $"Promoted: {figures} < {maxPValue.ToString(CultureInfo.InvariantCulture)}."
            : $"Kept as candidate: {figures}, not below {maxPValue.ToString(CultureInfo.InvariantCulture)}.");
    }
}
