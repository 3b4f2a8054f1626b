extension SHA256 {
    /// Bytes read per chunk when hashing a file (1 MiB: large enough for fast reads, small
    /// enough that hashing a big file needs little memory).
    static let fileChunkByteCount = 1 << 20

    /// The SHA-256 digest (32 bytes) of a regular file, read in 1 MiB chunks (any size).
    public static func hashFile(path: String) throws(ImageLoadError) -> [UInt8] {
        let fd: Int32
        switch POSIX.openForReading(path) {
        case .success(let descriptor): fd = descriptor
        case .failure(let failure): throw ImageLoadError(path: path, reason: ImageFile.reason(for: failure))
        }
        defer { POSIX.close(fd) }
        switch POSIX.fstat(fd) {
        case .success(let status) where status.kind == .regular: break
        case .success(let status):
            throw ImageLoadError(path: path, reason: status.kind == .directory ? .isFolder : .notRegularFile)
        case .failure(let failure): throw ImageLoadError(path: path, reason: ImageFile.reason(for: failure))
        }
        var hasher = SHA256()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: fileChunkByteCount, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            switch POSIX.read(fd, into: chunk) {
            case .success(0): return hasher.finalize()
            case .success(let n): hasher.update(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            case .failure(let failure): throw ImageLoadError(path: path, reason: ImageFile.reason(for: failure))
            }
        }
    }

    /// The SHA-256 of a file as 64 lowercase hex characters.
    public static func hexDigestOfFile(path: String) throws(ImageLoadError) -> String {
        hex(try hashFile(path: path))
    }
}
