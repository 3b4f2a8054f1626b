/// A one-line failure of `lightbox review`, printed by ArgumentParser as `Error: ...`.
struct ReviewFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
