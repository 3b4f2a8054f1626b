import Foundation
import TerminalGraphics

// Decoders written for the tests, independently of the encoders (bitwise CRC, a sixel
// interpreter), so an encoder bug is not mirrored by the code checking it.

public struct DecodeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One kitty graphics escape sequence: its keys and its payload text.
public struct KittyCommand {
    public var keys: [String: String]
    public var keyOrder: [String]
    public var payload: String
}

public enum KittyDecoder {
    /// Splits `text` into APC `ESC _ G ... ESC \` commands; anything else in between is an error.
    public static func commands(_ text: String) throws -> [KittyCommand] {
        var rest = Substring(text)
        var out: [KittyCommand] = []
        while !rest.isEmpty {
            guard rest.hasPrefix("\u{1B}_G") else { throw DecodeError("stray text before a kitty command: \(rest.prefix(10).debugDescription)") }
            guard let end = rest.range(of: "\u{1B}\\") else { throw DecodeError("kitty command without ESC \\") }
            let body = rest[rest.index(rest.startIndex, offsetBy: 3)..<end.lowerBound]
            let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            var keys: [String: String] = [:]
            var order: [String] = []
            for pair in parts[0].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { throw DecodeError("bad key \(pair)") }
                keys[String(kv[0])] = String(kv[1]); order.append(String(kv[0]))
            }
            out.append(KittyCommand(keys: keys, keyOrder: order, payload: parts.count > 1 ? String(parts[1]) : ""))
            rest = rest[end.upperBound...]
        }
        return out
    }

    /// Joins the chunks of one transmission (checking the m= protocol) and base64-decodes them.
    public static func payload(_ commands: [KittyCommand]) throws -> (keys: [String: String], bytes: [UInt8]) {
        guard let first = commands.first else { throw DecodeError("no commands") }
        var text = ""
        for (n, c) in commands.enumerated() {
            let last = n == commands.count - 1
            guard c.keys["m"] == (last ? "0" : "1") else { throw DecodeError("chunk \(n) has m=\(c.keys["m"] ?? "nil")") }
            if n > 0 && c.keys.count != 1 { throw DecodeError("chunk \(n) repeats keys \(c.keyOrder)") }
            guard c.payload.utf8.count <= 4096 else { throw DecodeError("chunk \(n) has \(c.payload.utf8.count) characters") }
            if !last && c.payload.utf8.count % 4 != 0 { throw DecodeError("chunk \(n) is not whole base64 quanta") }
            text += c.payload
        }
        guard let data = Data(base64Encoded: text) else { throw DecodeError("payload is not base64") }
        return (first.keys, Array(data))
    }
}

public enum PNGDecoder {
    public static func bitwiseCRC(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    public static func naiveAdler(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt64 = 1, b: UInt64 = 0
        for x in bytes { a = (a + UInt64(x)) % 65521; b = (b + a) % 65521 }
        return UInt32(b << 16 | a)
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    /// Decodes a grey 8-bit PNG whose zlib stream has only stored blocks, checking every CRC,
    /// the zlib header, each block's NLEN, the Adler-32 and the filter bytes.
    public static func decodeGrey(_ file: [UInt8]) throws -> GreyRaster {
        guard file.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw DecodeError("no PNG signature") }
        var i = 8
        var width = 0, height = 0
        var idat: [UInt8] = []
        var types: [String] = []
        while i < file.count {
            let length = Int(be32(file, i))
            let type = String(decoding: file[(i + 4)..<(i + 8)], as: UTF8.self)
            let data = Array(file[(i + 8)..<(i + 8 + length)])
            guard be32(file, i + 8 + length) == bitwiseCRC(Array(file[(i + 4)..<(i + 8 + length)])) else { throw DecodeError("bad CRC in \(type)") }
            types.append(type)
            if type == "IHDR" {
                width = Int(be32(data, 0)); height = Int(be32(data, 4))
                guard Array(data[8...]) == [8, 0, 0, 0, 0] else { throw DecodeError("not 8-bit grey: \(Array(data[8...]))") }
            }
            if type == "IDAT" { idat += data }
            i += 12 + length
        }
        guard types.first == "IHDR", types.last == "IEND" else { throw DecodeError("chunks \(types)") }
        guard idat.count >= 6, (UInt16(idat[0]) << 8 | UInt16(idat[1])) % 31 == 0, idat[0] & 0x0F == 8 else { throw DecodeError("bad zlib header") }
        var j = 2
        var raw: [UInt8] = []
        while true {
            let header = idat[j]
            guard header & 0b110 == 0 else { throw DecodeError("not a stored block") }
            let len = Int(idat[j + 1]) | Int(idat[j + 2]) << 8
            let nlen = Int(idat[j + 3]) | Int(idat[j + 4]) << 8
            guard len ^ nlen == 0xFFFF else { throw DecodeError("NLEN mismatch") }
            raw += idat[(j + 5)..<(j + 5 + len)]
            j += 5 + len
            if header & 1 == 1 { break }
        }
        guard j + 4 == idat.count, be32(idat, j) == naiveAdler(raw) else { throw DecodeError("bad Adler-32 or trailing bytes") }
        guard raw.count == height * (width + 1) else { throw DecodeError("\(raw.count) bytes for \(width)x\(height)") }
        var pixels: [UInt8] = []
        for y in 0..<height {
            guard raw[y * (width + 1)] == 0 else { throw DecodeError("filter \(raw[y * (width + 1)]) on row \(y)") }
            pixels += raw[(y * (width + 1) + 1)..<((y + 1) * (width + 1))]
        }
        return GreyRaster(width: width, height: height, bytes: pixels)
    }
}

public enum SixelDecoder {
    /// Interprets a sixel DCS into greys (registers defined in RGB percent, mapped back with
    /// round(p * 255 / 100)); pixels never painted are -1. Size from the raster attributes.
    public static func decode(_ text: String) throws -> (width: Int, height: Int, pixels: [Int]) {
        let s = Array(text.utf8)
        guard s.count >= 4, s[0] == 0x1B, s[1] == UInt8(ascii: "P") else { throw DecodeError("no DCS") }
        var i = 2
        while i < s.count && s[i] != UInt8(ascii: "q") { i += 1 }
        i += 1
        func number() -> Int? {
            var n: Int?
            while i < s.count, (48...57).contains(s[i]) { n = (n ?? 0) * 10 + Int(s[i] - 48); i += 1 }
            return n
        }
        func numbers() -> [Int] {
            var out: [Int] = []
            while true {
                out.append(number() ?? 0)
                if i < s.count && s[i] == UInt8(ascii: ";") { i += 1 } else { return out }
            }
        }
        var width = 0, height = 0
        var pixels: [Int] = []
        var palette: [Int: Int] = [:]
        var colour = 0, x = 0, band = 0
        var terminated = false
        func paint(_ bits: Int, _ count: Int) throws {
            for _ in 0..<count {
                for k in 0..<6 where bits & (1 << k) != 0 {
                    let y = band * 6 + k
                    guard x < width, y < height else { throw DecodeError("pixel \(x),\(y) outside \(width)x\(height)") }
                    guard let grey = palette[colour] else { throw DecodeError("register \(colour) used before it was defined") }
                    pixels[y * width + x] = grey
                }
                x += 1
            }
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case 0x1B:
                guard i + 1 < s.count, s[i + 1] == UInt8(ascii: "\\") else { throw DecodeError("ESC not followed by \\") }
                terminated = true; i = s.count
            case UInt8(ascii: "\""):
                i += 1
                let n = numbers()
                guard n.count == 4 else { throw DecodeError("raster attributes \(n)") }
                width = n[2]; height = n[3]
                pixels = [Int](repeating: -1, count: width * height)
            case UInt8(ascii: "#"):
                i += 1
                let n = numbers()
                if n.count == 5 {
                    guard n[1] == 2, (0...100).contains(n[2]), n[2] == n[3], n[3] == n[4] else { throw DecodeError("colour \(n) is not a grey in RGB percent") }
                    palette[n[0]] = (n[2] * 255 + 50) / 100
                }
                colour = n[0]
            case UInt8(ascii: "!"):
                i += 1
                let count = number() ?? 1
                guard i < s.count, (63...126).contains(s[i]) else { throw DecodeError("repeat without a sixel") }
                try paint(Int(s[i]) - 63, count); i += 1
            case UInt8(ascii: "$"): x = 0; i += 1
            case UInt8(ascii: "-"): x = 0; band += 1; i += 1
            case 63...126: try paint(Int(c) - 63, 1); i += 1
            default: throw DecodeError("unexpected byte \(c)")
            }
        }
        guard terminated else { throw DecodeError("no ESC \\ at the end") }
        return (width, height, pixels)
    }
}

/// A deterministic test raster: a gradient with a bright disc and noise, `width x height`.
public func testRaster(width: Int, height: Int, seed: UInt64 = 1) -> GreyRaster {
    var state = seed
    var bytes: [UInt8] = []
    for y in 0..<height {
        for x in 0..<width {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Int(state >> 59) - 16
            let dx = x - width / 2, dy = y - height / 3
            let disc = dx * dx + dy * dy < (width * width) / 16 ? 90 : 0
            bytes.append(UInt8(max(0, min(255, x * 160 / max(1, width) + y * 40 / max(1, height) + disc + noise))))
        }
    }
    return GreyRaster(width: width, height: height, bytes: bytes)
}
