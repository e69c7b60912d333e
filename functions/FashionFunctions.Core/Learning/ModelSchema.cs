using Microsoft.ML.Data;

namespace FashionFunctions.Core.Learning;

/// <summary>
/// What every stored model (an ML.NET model zip in the blob container "models") takes and gives. Training and
/// prediction both depend on this contract: Pixels are the img_vector values (pixel / 255, row-major, 784 floats).
/// </summary>
public sealed class ModelInput
{
    [VectorType(Images.GrayscalePng.PixelCount)]
    public float[] Pixels { get; set; } = [];

    /// <summary>The true class 0..9 (ignored when predicting).</summary>
    public uint Label { get; set; }
}

/// <summary>The model's answer. Score[i] is the probability of class i (models are trained so key order = class index).</summary>
public sealed class ModelOutput
{
    public uint PredictedLabel { get; set; }

    [VectorType(FashionClasses.Count)]
    public float[] Score { get; set; } = [];
}
