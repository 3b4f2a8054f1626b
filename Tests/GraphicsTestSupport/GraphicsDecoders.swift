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

    /// A decoded 8-bit PNG: `channels` 1 (grey) or 3 (RGB), `bytes` row-major.
    public struct Image {
        public var width: Int
        public var height: Int
        public var channels: Int
        public var bytes: [UInt8]
    }

    /// Decodes a grey 8-bit PNG (colour type 0), as `decode` does.
    public static func decodeGrey(_ file: [UInt8]) throws -> GreyRaster {
        let image = try decode(file)
        guard image.channels == 1 else { throw DecodeError("not grey: \(image.channels) channels") }
        return GreyRaster(width: image.width, height: image.height, bytes: image.bytes)
    }

    /// Decodes an 8-bit grey or RGB PNG (colour type 0 or 2, no interlace), checking every
    /// CRC, the chunk order, the zlib stream (through the naive `Inflate`) and each row's
    /// filter byte, and undoing the filters.
    public static func decode(_ file: [UInt8]) throws -> Image {
        guard file.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw DecodeError("no PNG signature") }
        var i = 8
        var width = 0, height = 0, channels = 0
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
                switch Array(data[8...]) {
                case [8, 0, 0, 0, 0]: channels = 1
                case [8, 2, 0, 0, 0]: channels = 3
                default: throw DecodeError("not 8-bit grey or RGB: \(Array(data[8...]))")
                }
            }
            if type == "IDAT" { idat += data }
            i += 12 + length
        }
        guard types.first == "IHDR", types.last == "IEND" else { throw DecodeError("chunks \(types)") }
        let raw = try Inflate.zlib(idat)
        let rowBytes = width * channels
        guard raw.count == height * (rowBytes + 1) else { throw DecodeError("\(raw.count) bytes for \(width)x\(height)x\(channels)") }
        var pixels = [UInt8](repeating: 0, count: height * rowBytes)
        for y in 0..<height {
            let filter = raw[y * (rowBytes + 1)]
            for x in 0..<rowBytes {
                let v = Int(raw[y * (rowBytes + 1) + 1 + x])
                let a = x >= channels ? Int(pixels[y * rowBytes + x - channels]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * rowBytes + x]) : 0
                let c = x >= channels && y > 0 ? Int(pixels[(y - 1) * rowBytes + x - channels]) : 0
                let prediction: Int
                switch filter {
                case 0: prediction = 0
                case 1: prediction = a
                case 2: prediction = b
                case 3: prediction = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    prediction = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw DecodeError("filter \(filter) on row \(y)")
                }
                pixels[y * rowBytes + x] = UInt8((v + prediction) & 0xFF)
            }
        }
        return Image(width: width, height: height, channels: channels, bytes: pixels)
    }
}

public enum SixelDecoder {
    /// Interprets a sixel DCS whose registers are all greys (RGB percent, mapped back with
    /// round(p * 255 / 100)); pixels never painted are -1. Size from the raster attributes.
    public static func decode(_ text: String) throws -> (width: Int, height: Int, pixels: [Int]) {
        let image = try decodeRGB(text)
        var pixels = [Int](repeating: -1, count: image.width * image.height)
        for i in 0..<pixels.count where image.rgb[3 * i] >= 0 {
            guard image.rgb[3 * i] == image.rgb[3 * i + 1], image.rgb[3 * i + 1] == image.rgb[3 * i + 2] else {
                throw DecodeError("pixel \(i) is not grey")
            }
            pixels[i] = image.rgb[3 * i]
        }
        return (image.width, image.height, pixels)
    }

    /// Interprets a sixel DCS into RGB (3 values per pixel, -1 where never painted).
    public static func decodeRGB(_ text: String) throws -> (width: Int, height: Int, rgb: [Int]) {
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
        var rgb: [Int] = []
        var palette: [Int: (Int, Int, Int)] = [:]
        var colour = 0, x = 0, band = 0
        var terminated = false
        func paint(_ bits: Int, _ count: Int) throws {
            for _ in 0..<count {
                for k in 0..<6 where bits & (1 << k) != 0 {
                    let y = band * 6 + k
                    guard x < width, y < height else { throw DecodeError("pixel \(x),\(y) outside \(width)x\(height)") }
                    guard let c = palette[colour] else { throw DecodeError("register \(colour) used before it was defined") }
                    rgb[3 * (y * width + x)] = c.0
                    rgb[3 * (y * width + x) + 1] = c.1
                    rgb[3 * (y * width + x) + 2] = c.2
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
                rgb = [Int](repeating: -1, count: 3 * width * height)
            case UInt8(ascii: "#"):
                i += 1
                let n = numbers()
                if n.count == 5 {
                    guard n[0] < 256, n[1] == 2, n[2...].allSatisfy({ (0...100).contains($0) }) else { throw DecodeError("colour \(n) is not RGB percent") }
                    palette[n[0]] = ((n[2] * 255 + 50) / 100, (n[3] * 255 + 50) / 100, (n[4] * 255 + 50) / 100)
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
        return (width, height, rgb)
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
