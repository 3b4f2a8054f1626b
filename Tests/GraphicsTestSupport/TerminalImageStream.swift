import Foundation

/// An escape sequence written at a saved-and-restored cursor (`ESC 7 ESC [ row ; column H`
/// body `ESC 8`), as the review writes its film images; row and column 1-based as sent.
public struct PlacedSequence: Equatable {
    public var row: Int
    public var column: Int
    public var body: String
    /// Where it starts in the stream (byte offset), to order it against other output.
    public var offset: Int
}

/// Picks the film images out of a captured terminal byte stream. Works on bytes: as a
/// String, ESC before other characters is open to Unicode matching rules.
public enum TerminalImageStream {
    /// Every placed sequence in `bytes`, in order.
    public static func placed(_ bytes: [UInt8]) -> [PlacedSequence] {
        var out: [PlacedSequence] = []
        var i = 0
        while i + 4 < bytes.count {
            guard bytes[i] == 0x1B, bytes[i + 1] == UInt8(ascii: "7"), bytes[i + 2] == 0x1B, bytes[i + 3] == UInt8(ascii: "[") else {
                i += 1
                continue
            }
            var j = i + 4
            var numbers = [0]
            while j < bytes.count, (48...57).contains(bytes[j]) || bytes[j] == UInt8(ascii: ";") {
                if bytes[j] == UInt8(ascii: ";") { numbers.append(0) } else { numbers[numbers.count - 1] = numbers.last! * 10 + Int(bytes[j] - 48) }
                j += 1
            }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "H"), numbers.count == 2 else { i += 1; continue }
            var k = j + 1
            while k + 1 < bytes.count && !(bytes[k] == 0x1B && bytes[k + 1] == UInt8(ascii: "8")) { k += 1 }
            guard k + 1 < bytes.count else { break }
            out.append(PlacedSequence(row: numbers[0], column: numbers[1], body: String(decoding: bytes[(j + 1)..<k], as: UTF8.self), offset: i))
            i = k + 2
        }
        return out
    }

    /// Each complete kitty transmission (`a=t` or `a=T` through the chunk with `m=0`): its
    /// first chunk's keys, the decoded payload, and where it ended in the stream.
    public static func kittyTransmissions(_ bytes: [UInt8]) throws -> [(keys: [String: String], payload: [UInt8], end: Int)] {
        var out: [(keys: [String: String], payload: [UInt8], end: Int)] = []
        var current: [KittyCommand]?
        var i = 0
        while i + 2 < bytes.count {
            guard bytes[i] == 0x1B, bytes[i + 1] == UInt8(ascii: "_"), bytes[i + 2] == UInt8(ascii: "G") else { i += 1; continue }
            var j = i + 3
            while j + 1 < bytes.count && !(bytes[j] == 0x1B && bytes[j + 1] == UInt8(ascii: "\\")) { j += 1 }
            guard j + 1 < bytes.count else { break }
            let command = try KittyDecoder.commands(String(decoding: bytes[i...(j + 1)], as: UTF8.self))[0]
            if command.keys["a"] == "t" || command.keys["a"] == "T" {
                current = [command]
            } else if command.keys.count == 1, command.keys["m"] != nil, current != nil {
                current!.append(command)
            }
            if let done = current, command.keys["m"] == "0" {
                let (keys, payload) = try KittyDecoder.payload(done)
                out.append((keys, payload, j + 2))
                current = nil
            }
            i = j + 2
        }
        return out
    }

    /// The sixel images among `placed`, each stitched from its strips (a strip placed at or
    /// above the previous one starts a new image): its cell origin and RGB pixels (-1 where
    /// unpainted). `cellHeight` converts strip rows to pixel rows.
    public static func sixelImages(_ placed: [PlacedSequence], cellHeight: Int) throws -> [(row: Int, column: Int, width: Int, height: Int, rgb: [Int])] {
        try sixelGroups(placed).map { strips in
            let decoded = try strips.map { try SixelDecoder.decodeRGB($0.body) }
            let width = decoded[0].width
            let top = strips[0].row
            let height = (strips.last!.row - top) * cellHeight + decoded.last!.height
            var rgb = [Int](repeating: -1, count: 3 * width * height)
            for (strip, image) in zip(strips, decoded) {
                guard image.width == width else { throw DecodeError("strips of widths \(width) and \(image.width)") }
                let y0 = (strip.row - top) * cellHeight
                for y in 0..<image.height where y0 + y < height {
                    for x in 0..<(3 * width) { rgb[(y0 + y) * 3 * width + x] = image.rgb[y * 3 * width + x] }
                }
            }
            return (top, strips[0].column, width, height, rgb)
        }
    }

    /// The sixel strips among `placed` grouped into images, undecoded (cheap, for waiting).
    public static func sixelGroups(_ placed: [PlacedSequence]) -> [[PlacedSequence]] {
        var groups: [[PlacedSequence]] = []
        for p in placed where p.body.hasPrefix("\u{1B}Pq") {
            if let last = groups.last?.last, p.row > last.row, p.column == last.column { groups[groups.count - 1].append(p) } else { groups.append([p]) }
        }
        return groups
    }

    /// The grey channel of RGB pixels (-1 stays -1), for SSIM against a film.
    public static func greys(_ rgb: [Int]) -> [Float] {
        stride(from: 0, to: rgb.count, by: 3).map { Float(rgb[$0]) }
    }
}
