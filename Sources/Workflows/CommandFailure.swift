/// A one-line failure of a command (or of the review), naming the file and the reason; the
/// command line prints it as `Error: ...` and exits with status 1.
public struct CommandFailure: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
