import Foundation
import Imaging
import Storage
import TerminalGraphics
import GraphicsTestSupport
import TestSupport
import Testing

// The decoders are Tests/TerminalGraphicsTests/Decoders.swift (linked as GraphicsDecoders.swift).

@Suite("show --format kitty|sixel")
struct ShowGraphicsTests {
    /// A 512x384 phantom written as a JPEG; returns its path and the film before JPEG.
    private func filmFile() throws -> (path: String, film: GrayImage, folder: String) {
        let folder = NSTemporaryDirectory() + "lightbox-show-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let film = ChestPhantom.render(width: 512, height: 384, seed: 11, pneumonia: true)
        let path = folder + "/film.jpeg"
        try Data(JPEGCodec.encodeGray(film)).write(to: URL(fileURLWithPath: path))
        return (path, film, folder)
    }

    @Test("kitty output decodes to a PNG at cells x 10x20 pixels, placed over the cells, SSIM >= 0.97 against the film")
    func kitty() throws {
        let (path, film, folder) = try filmFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try lightbox(["show", path, "--format", "kitty", "--width", "40", "--height", "20"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasSuffix("\n"))
        let (keys, bytes) = try KittyDecoder.payload(KittyDecoder.commands(String(r.out.dropLast())))
        #expect(keys["a"] == "T" && keys["f"] == "100" && keys["q"] == "2")
        #expect(keys["i"] == nil)  // a second show must not replace this image
        #expect(keys["c"] == "40" && keys["r"] == "15")  // 400x300 pixels over 40x15 cells
        let png = try PNGDecoder.decodeGrey(bytes)
        #expect(png.width == 400 && png.height == 300)
        let reference = film.resized(width: 400, height: 300).pixels
        let ssim = meanSSIM(png.bytes.map(Float.init), reference, width: 400, height: 300)
        #expect(ssim >= 0.97, "SSIM \(ssim)")
    }

    @Test("kitty and sixel take PNG and DICOM films too, at the film's full size", arguments: ["png", "dicom"])
    func pngAndDICOM(format: String) throws {
        let writer = FilmWriter(format: try #require(FilmWriter.Format(rawValue: format)), bits: format == "dicom" ? 12 : 8)
        let folder = NSTemporaryDirectory() + "lightbox-show-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let film = ChestPhantom.render(width: 512, height: 384, seed: 11, pneumonia: true)
        let path = folder + "/film" + writer.fileExtension
        try Data(writer.encode(film)).write(to: URL(fileURLWithPath: path))
        let r = try lightbox(["show", path, "--format", "kitty", "--width", "40", "--height", "20"])
        #expect(r.status == 0, "\(r.err)")
        let (keys, bytes) = try KittyDecoder.payload(KittyDecoder.commands(String(r.out.dropLast())))
        #expect(keys["c"] == "40" && keys["r"] == "15")
        let png = try PNGDecoder.decodeGrey(bytes)
        #expect(png.width == 400 && png.height == 300)
        let ssim = meanSSIM(png.bytes.map(Float.init), film.resized(width: 400, height: 300).pixels, width: 400, height: 300)
        #expect(ssim >= 0.97, "SSIM \(ssim)")
        let sixel = try lightbox(["show", path, "--format", "sixel", "--width", "30", "--height", "30", "--cell-size", "8x16"])
        #expect(try SixelDecoder.decode(String(sixel.out.dropLast())).width == 240, "\(sixel.err)")
    }

    @Test("sixel output decodes to cells x --cell-size pixels, SSIM >= 0.95 against the film; --invert inverts it")
    func sixel() throws {
        let (path, film, folder) = try filmFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try lightbox(["show", path, "--format", "sixel", "--width", "30", "--height", "30", "--cell-size", "8x16"])
        #expect(r.status == 0, "\(r.err)")
        let image = try SixelDecoder.decode(String(r.out.dropLast()))
        #expect(image.width == 240 && image.height == 180)
        let reference = film.resized(width: 240, height: 180).pixels
        let ssim = meanSSIM(image.pixels.map(Float.init), reference, width: 240, height: 180)
        #expect(ssim >= 0.95, "SSIM \(ssim)")
        let inverted = try SixelDecoder.decode(String(try lightbox(["show", path, "--format", "sixel", "--width", "30", "--height", "30",
                                                                    "--cell-size", "8x16", "--invert"]).out.dropLast()))
        let invertedSSIM = meanSSIM(inverted.pixels.map { 255 - Float($0) }, reference, width: 240, height: 180)
        #expect(invertedSSIM >= 0.95, "SSIM \(invertedSSIM)")
    }

    @Test("symbols stay the default; a bad --cell-size is one clear line")
    func defaultsAndErrors() throws {
        let (path, _, folder) = try filmFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let symbols = try lightbox(["show", path, "--width", "20", "--height", "10", "--colors", "256"])
        #expect(symbols.status == 0 && symbols.out.contains("\u{1B}[") && !symbols.out.contains("\u{1B}_G") && !symbols.out.contains("\u{1B}P"))
        let bad = try lightbox(["show", path, "--format", "kitty", "--cell-size", "10by20"])
        #expect(bad.status == 64)
        #expect(bad.err.contains("--cell-size must be WxH"))
        let missing = try lightbox(["show", folder + "/nothing.jpeg", "--format", "sixel"])
        #expect(missing.status != 0 && missing.err.contains("no such file"))
    }

    @Test("--format auto draws blocks when the terminal cannot be asked, and says so; LIGHTBOX_GRAPHICS picks a protocol")
    func auto() throws {
        let (path, _, folder) = try filmFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let silent = try lightbox(["show", path, "--format", "auto", "--width", "20", "--height", "10", "--colors", "256"])
        #expect(silent.status == 0 && silent.out.contains("\u{1B}[") && !silent.out.contains("\u{1B}_G"))
        #expect(silent.err.contains("show: block characters: the terminal did not answer"))
        let sixel = try lightbox(["show", path, "--format", "auto", "--width", "20", "--height", "10"], environment: ["LIGHTBOX_GRAPHICS=sixel"])
        #expect(try SixelDecoder.decode(String(sixel.out.dropLast())).width == 200)
        let none = try lightbox(["show", path, "--format", "auto", "--width", "20", "--height", "10"], environment: ["LIGHTBOX_GRAPHICS=none"])
        #expect(!none.out.contains("\u{1B}P") && none.err.contains("graphics none"))
    }

    @Test("inside tmux a forced format goes through passthrough, each kitty chunk wrapped with ESC doubled, and says so")
    func tmuxPassthrough() throws {
        let (path, film, folder) = try filmFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try lightbox(["show", path, "--format", "kitty", "--width", "40", "--height", "20"], environment: ["TMUX=/tmp/tmux-0/default,1,0"])
        #expect(r.err.contains("passthrough"))
        // Unwrap: each piece is ESC P tmux; ... ESC \ with the inner ESCs doubled.
        let scalars = Array(r.out.unicodeScalars)
        var inner = "", pieces = 0, i = 0
        let prefix = Array("\u{1B}Ptmux;".unicodeScalars)
        while i + prefix.count <= scalars.count && Array(scalars[i..<(i + prefix.count)]) == prefix {
            i += prefix.count
            pieces += 1
            while i + 1 < scalars.count {
                if scalars[i] == "\u{1B}" && scalars[i + 1] == "\u{1B}" { inner.unicodeScalars.append("\u{1B}"); i += 2; continue }
                if scalars[i] == "\u{1B}" && scalars[i + 1] == "\\" { i += 2; break }
                #expect(scalars[i] != "\u{1B}", "a lone ESC inside the passthrough")
                inner.unicodeScalars.append(scalars[i]); i += 1
            }
        }
        #expect(String(String.UnicodeScalarView(scalars[i...])) == "\n")
        #expect(pieces > 5)
        let (_, bytes) = try KittyDecoder.payload(KittyDecoder.commands(inner))
        let png = try PNGDecoder.decodeGrey(bytes)
        #expect(meanSSIM(png.bytes.map(Float.init), film.resized(width: 400, height: 300).pixels, width: 400, height: 300) >= 0.97)
    }
}
