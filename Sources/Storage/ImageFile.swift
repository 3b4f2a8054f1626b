import Imaging

/// Reading image files from disk: bounded byte reads and JPEG loading, with errors naming the file.
public enum ImageFile {
    /// Default largest file `readBytes` accepts: 256 MiB. Chest films are 0.1-20 MB; the limit
    /// keeps a mistaken multi-gigabyte file from being pulled into memory.
    public static let defaultByteLimit: Int64 = 256 << 20

    /// Reads a whole regular file, refusing folders, FIFOs/devices and files above `byteLimit`
    /// (checked with fstat before reading).
    public static func readBytes(path: String, byteLimit: Int64 = defaultByteLimit) throws(ImageLoadError) -> [UInt8] {
        let fd: Int32
        switch POSIX.openForReading(path) {
        case .success(let descriptor): fd = descriptor
        case .failure(let failure): throw ImageLoadError(path: path, reason: reason(for: failure))
        }
        defer { POSIX.close(fd) }
        let status: FileStatus
        switch POSIX.fstat(fd) {
        case .success(let s): status = s
        case .failure(let failure): throw ImageLoadError(path: path, reason: reason(for: failure))
        }
        switch status.kind {
        case .regular: break
        case .directory: throw ImageLoadError(path: path, reason: .isFolder)
        case .symlink, .other: throw ImageLoadError(path: path, reason: .notRegularFile)
        }
        if status.size > byteLimit {
            throw ImageLoadError(path: path, reason: .fileTooLarge(bytes: status.size, limit: byteLimit))
        }
        // One spare byte lets the usual read finish at end of file without growing the buffer;
        // a file that grew since fstat is still read to its end, but never past the limit.
        var bytes = [UInt8](repeating: 0, count: Int(status.size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if Int64(filled) > byteLimit { break }
                let grow = Swift.min(Swift.max(bytes.count, 64 << 10), Int(byteLimit + 1) - filled)
                bytes.append(contentsOf: repeatElement(0, count: grow))
            }
            let result = bytes.withUnsafeMutableBytes { buffer in
                POSIX.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            switch result {
            case .success(0):
                bytes.removeLast(bytes.count - filled)
                return bytes
            case .success(let n): filled += n
            case .failure(let failure): throw ImageLoadError(path: path, reason: reason(for: failure))
            }
        }
        throw ImageLoadError(path: path, reason: .fileTooLarge(bytes: Int64(filled), limit: byteLimit))
    }

    /// Reads and decodes a film (JPEG, PNG or DICOM, found by content) to grey 0...255 with its
    /// metadata, optionally at a reduced scale covering `fittingAtLeast` (see `FilmCodec.decode`).
    public static func loadFilm(
        path: String,
        fittingAtLeast wanted: (width: Int, height: Int)? = nil,
        pixelLimit: Int = JPEGCodec.defaultPixelLimit,
        byteLimit: Int64 = defaultByteLimit
    ) throws(ImageLoadError) -> DecodedFilm {
        // A large file whose header already says it is unusable is refused before it is read whole.
        if case .success(let status) = POSIX.stat(path), status.kind == .regular {
            try probeHeader(path: path, fileSize: status.size, pixelLimit: pixelLimit)
        }
        let bytes = try readBytes(path: path, byteLimit: byteLimit)
        do {
            return try FilmCodec.decode(bytes, name: path, fittingAtLeast: wanted, pixelLimit: pixelLimit)
        } catch {
            throw ImageLoadError(path: path, reason: error)
        }
    }

    /// Reads only the JPEG header of a file (the whole file is read, but no pixels are decoded).
    public static func readHeader(path: String, byteLimit: Int64 = defaultByteLimit) throws(ImageLoadError) -> JPEGHeader {
        let bytes = try readBytes(path: path, byteLimit: byteLimit)
        do {
            return try JPEGCodec.readHeader(bytes)
        } catch {
            throw ImageLoadError(path: path, reason: .jpeg(error))
        }
    }

    /// Maps a failed system call to a reason.
    static func reason(for failure: POSIXFailure) -> ImageLoadError.Reason {
        if failure.isMissing { return .noSuchFile }
        if failure.isDirectory { return .isFolder }
        return .unreadable(failure.reason)
    }
}
