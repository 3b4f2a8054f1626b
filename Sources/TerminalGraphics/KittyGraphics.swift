import Foundation

/// Builds kitty graphics protocol escape sequences (APC `ESC _ G keys ; payload ESC \`).
///
/// See https://sw.kovidgoyal.net/kitty/graphics-protocol/. Pure: returns text to write.
public enum KittyGraphics {
    /// How the pixels travel in the payload.
    public enum Payload: Sendable, Equatable {
        /// A PNG file (`f=100`) from `PNGWriter`: grey, filtered and deflated.
        case png
        /// Raw 24-bit RGB (`f=24`, with `s=` and `v=`), each grey repeated three times.
        case rgb
    }

    /// The most base64 characters one escape sequence carries (the protocol's limit).
    public static let chunkSize = 4096

    /// Transmits `raster` and displays it at the cursor (`a=T`), scaled by the terminal to
    /// `columns x rows` cells when given, with image id `id` and placement id `placement`.
    /// Without an id the terminal numbers the image itself, so it replaces no earlier image
    /// (and cannot be deleted by id later).
    ///
    /// `q=2` silences the terminal's replies. The payload is base64 in chunks of at most
    /// `chunkSize` characters: every chunk but the last says `m=1`, the last `m=0`; only the
    /// first carries the other keys, as the protocol asks.
    public static func transmitAndDisplay(_ raster: GreyRaster, id: UInt32?, placement: UInt32? = nil,
                                          columns: Int? = nil, rows: Int? = nil,
                                          payload: Payload = .png, moveCursor: Bool = true) -> String {
        precondition(id != 0, "kitty image ids start at 1")
        precondition(placement == nil || id != nil, "a placement id needs an image id")
        var keys = ["a=T"]
        let data: [UInt8]
        switch payload {
        case .png:
            keys.append("f=100")
            data = PNGWriter.grey(raster)
        case .rgb:
            keys += ["f=24", "s=\(raster.width)", "v=\(raster.height)"]
            data = raster.bytes.flatMap { [$0, $0, $0] }
        }
        if let id { keys.append("i=\(id)") }
        if let placement { keys.append("p=\(placement)") }
        keys.append("q=2")
        if let columns { keys.append("c=\(columns)") }
        if let rows { keys.append("r=\(rows)") }
        if !moveCursor { keys.append("C=1") }
        return chunked(keys: keys.joined(separator: ","), base64: Data(data).base64EncodedString())
    }

    /// Deletes image `id` and all its placements, freeing its data (`a=d,d=I`), silently.
    public static func delete(id: UInt32) -> String {
        "\u{1B}_Ga=d,d=I,i=\(id),q=2\u{1B}\\"
    }

    /// Removes the placements of image `id` from the screen but keeps its data (`a=d,d=i`).
    public static func hide(id: UInt32) -> String {
        "\u{1B}_Ga=d,d=i,i=\(id),q=2\u{1B}\\"
    }

    /// The support query: a 1x1 RGB image sent with `a=q` (query only, nothing stored), id 31.
    /// A kitty terminal answers `ESC _Gi=31;OK ESC \`; others ignore it.
    public static let query = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\"

    /// Transmits a PNG file (`a=t,f=100`) as image `id` without showing it, silently: the
    /// escape sequences in order, each at most `chunkSize` payload characters, so a caller can
    /// write other output between them. Show it with `place`.
    public static func transmit(png: [UInt8], id: UInt32) -> [String] {
        precondition(id != 0, "kitty image ids start at 1")
        return chunks(keys: "a=t,f=100,i=\(id),q=2", base64: Data(png).base64EncodedString())
    }

    /// Shows image `id` (already transmitted) at the cursor as placement `placement`, scaled
    /// to `columns x rows` cells, the cursor left where it is (`a=p,C=1`); a placement with
    /// the same ids replaces the earlier one.
    public static func place(id: UInt32, placement: UInt32, columns: Int, rows: Int) -> String {
        "\u{1B}_Ga=p,i=\(id),p=\(placement),q=2,c=\(columns),r=\(rows),C=1\u{1B}\\"
    }

    /// Splits `base64` over escape sequences of at most `chunkSize` payload characters.
    static func chunked(keys: String, base64: String) -> String {
        chunks(keys: keys, base64: base64).joined()
    }

    /// The escape sequences carrying `base64`: every chunk but the last says `m=1`, the last
    /// `m=0`; only the first carries `keys`, as the protocol asks.
    static func chunks(keys: String, base64: String) -> [String] {
        let characters = Array(base64.utf8)
        var out: [String] = []
        out.reserveCapacity(characters.count / chunkSize + 1)
        var start = 0
        repeat {
            let end = min(characters.count, start + chunkSize)
            let more = end < characters.count ? 1 : 0
            var chunk = "\u{1B}_G"
            chunk += start == 0 ? "\(keys),m=\(more)" : "m=\(more)"
            chunk += ";"
            chunk += String(decoding: characters[start..<end], as: UTF8.self)
            chunk += "\u{1B}\\"
            out.append(chunk)
            start = end
        } while start < characters.count
        return out
    }
}
