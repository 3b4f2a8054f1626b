import Foundation

/// lime's sample weighting: an exponential kernel on the cosine distance to the all-on row.
public enum LIMEKernel {
    /// Cosine distance between a binary row with `on` of `features` set and the all-ones row:
    /// 1 - sqrt(on / features); 1 for an all-off row (where the cosine is undefined).
    public static func cosineDistance(on: Int, features: Int) -> Double {
        guard on > 0, features > 0 else { return 1 }
        return 1 - (Double(on) / Double(features)).squareRoot()
    }

    /// sqrt(exp(-d² / width²)), lime's kernel, in (0, 1]; width 0.25 is lime_image's default.
    public static func weight(distance d: Double, width: Double = 0.25) -> Double {
        Foundation.exp(-(d * d) / (width * width)).squareRoot()
    }
}
