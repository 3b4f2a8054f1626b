import Imaging
import NeuralNet

/// Documented limits on the values of a model card, checked before the network is built.
public enum ModelCardLimits {
    /// Input sizes a model may declare, in pixels per side.
    public static let inputSize = 16...1024
    /// Most test-time views.
    public static let views = 16
    /// Rotation of a test-time view, in degrees.
    public static let rotationDegrees: ClosedRange<Float> = -45...45
    /// Zoom of a test-time view.
    public static let zoom: ClosedRange<Float> = 0.5...2
    /// Shift of a test-time view, as a fraction of the input size.
    public static let shiftFraction: Float = 0.5
}

extension ModelCard {
    /// Parses `test_time_views` ("rotation=R,zoom=Z,shift=X,Y" separated by ";"), refusing any
    /// value outside `ModelCardLimits`; an absent or empty entry means the identity view only.
    public static func parseViews(_ text: String?, inputSize: Int) throws(ModelFileError) -> [AffineTransform] {
        let parts = (text ?? "").split(separator: ";").filter { !$0.allSatisfy(\.isWhitespace) }
        guard parts.count <= ModelCardLimits.views else {
            throw .card(key: "test_time_views", reason: "has \(parts.count) views, more than \(ModelCardLimits.views)")
        }
        var views: [AffineTransform] = []
        for part in parts {
            guard let view = PneumoniaModel.parseView(String(part)) else {
                throw .card(key: "test_time_views", reason: "view \"\(part)\" is not rotation=R,zoom=Z,shift=X,Y with finite numbers")
            }
            let maxShift = ModelCardLimits.shiftFraction * Float(inputSize)
            guard ModelCardLimits.rotationDegrees.contains(view.rotationDegrees),
                  ModelCardLimits.zoom.contains(view.zoom),
                  abs(view.shiftX) <= maxShift, abs(view.shiftY) <= maxShift else {
                throw .card(key: "test_time_views", reason: "view \"\(part)\" is outside rotation \(ModelCardLimits.rotationDegrees), "
                            + "zoom \(ModelCardLimits.zoom), |shift| <= \(maxShift)")
            }
            views.append(view)
        }
        return views
    }

    /// Checks that `tensors` hold every tensor `plan` needs, with its shape, and that their values are
    /// usable: finite, and running variances not negative.
    ///
    /// Run before the network is built, so its allocation is bounded by the tensors present.
    static func checkTensors(_ tensors: [String: Tensor], against plan: ArchitecturePlan) throws(ModelFileError) {
        for (name, shape) in plan.tensorShapes.sorted(by: { $0.key < $1.key }) {
            guard let t = tensors[name] else { throw .tensors("model: missing tensor \(name)") }
            guard t.shape == shape else { throw .tensors("model: tensor \(name) has shape \(t.shape), expected \(shape)") }
            if let bad = t.storage.firstIndex(where: { !$0.isFinite }) {
                throw .weights("tensor \(name) holds \(t.storage[bad]) at index \(bad); every weight must be finite")
            }
            if name.hasSuffix(".running_var"), let bad = t.storage.firstIndex(where: { $0 < 0 }) {
                throw .weights("tensor \(name) holds a negative variance \(t.storage[bad]) at index \(bad)")
            }
        }
    }
}
