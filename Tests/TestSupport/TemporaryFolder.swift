import Foundation

/// A new empty folder under the temporary directory; the caller removes it.
public func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "lightbox-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
