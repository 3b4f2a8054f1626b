import Imaging

extension ImageFile {
    /// Bytes read first from a large file to check its JPEG header before reading it whole.
    static let headerProbeBytes = 256 << 10

    /// Reads at most `count` bytes from the start of a regular file (folders, FIFOs and devices refused).
    public static func readPrefix(path: String, count: Int) throws(ImageLoadError) -> [UInt8] {
        let fd: Int32
        switch POSIX.openForReading(path) {
        case .success(let descriptor): fd = descriptor
        case .failure(let failure): throw ImageLoadError(path: path, reason: reason(for: failure))
        }
        defer { POSIX.close(fd) }
        switch POSIX.fstat(fd) {
        case .success(let status):
            switch status.kind {
            case .regular: break
            case .directory: throw ImageLoadError(path: path, reason: .isFolder)
            case .symlink, .other: throw ImageLoadError(path: path, reason: .notRegularFile)
            }
        case .failure(let failure): throw ImageLoadError(path: path, reason: reason(for: failure))
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                POSIX.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            switch result {
            case .success(0): return Array(bytes.prefix(filled))
            case .success(let n): filled += n
            case .failure(let failure): throw ImageLoadError(path: path, reason: reason(for: failure))
            }
        }
        return bytes
    }

    /// Refuses a large file early when its first bytes already show it is unusable: not a JPEG,
    /// a header of 0 pixels, or more pixels than `pixelLimit`; nothing is said when the header
    /// lies beyond the probe (the whole file is then read and judged as usual).
    static func probeHeader(path: String, fileSize: Int64, pixelLimit: Int) throws(ImageLoadError) {
        guard fileSize > Int64(headerProbeBytes) else { return }
        let prefix = try readPrefix(path: path, count: headerProbeBytes)
        // PNG and DICOM declare their sizes up front and are checked by their decoders before decoding.
        if let format = FilmFormat.sniff(Array(prefix.prefix(FilmFormat.sniffBytes))), format != .jpeg { return }
        let header: JPEGHeader
        do { header = try JPEGCodec.readHeader(prefix) } catch {
            // Only when the segments before the frame header run past the probe is the full file needed to judge.
            if JPEGCodec.segmentsRunPast(prefix) { return }
            throw ImageLoadError(path: path, reason: .jpeg(error))
        }
        if header.pixelCount > pixelLimit {
            throw ImageLoadError(path: path, reason: .jpeg(.tooManyPixels(width: header.width, height: header.height, limit: pixelLimit)))
        }
    }

    /// Reads and fully decodes a film to test it, keeping no pixels; returns its size and metadata.
    ///
    /// A JPEG decodes at the smallest scale, which still reads every coded byte (so corruption is
    /// found) but allocates 1/64 of the pixels; PNG and DICOM decode their first frame in full.
    /// A large file's header is checked before it is read.
    public static func check(path: String, pixelLimit: Int = JPEGCodec.defaultPixelLimit,
                             byteLimit: Int64 = defaultByteLimit) throws(ImageLoadError) -> DecodedFilm {
        var film = try loadFilm(path: path, fittingAtLeast: (1, 1), pixelLimit: pixelLimit, byteLimit: byteLimit)
        film.image = GrayImage(width: 0, height: 0)
        return film
    }
}
