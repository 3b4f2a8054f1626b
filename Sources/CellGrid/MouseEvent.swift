/// One mouse event, as the terminal layer decodes it; what `update` reacts to besides keys.
/// Cells are 0-based from the screen's top left.
public struct MouseEvent: Hashable, Sendable {
    /// What the mouse did.
    public enum Kind: Hashable, Sendable {
        /// A button went down.
        case press(Button)
        /// A button went up.
        case release
        /// The mouse moved with a button held.
        case drag(Button)
        /// The wheel turned away from the user (the list moves up).
        case wheelUp
        /// The wheel turned toward the user.
        case wheelDown
    }

    /// The buttons the review tells apart.
    public enum Button: Hashable, Sendable { case left, right }

    public var kind: Kind
    /// Column of the cell under the pointer.
    public var x: Int
    /// Row of the cell under the pointer.
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
