import CellGrid
import Foundation
import Imaging
import ReviewCore
import ReviewApp
import Storage
import Workflows
import Feedback
import TerminalGraphics

/// `lightbox bench graphics`: bytes per film and encode time of the kitty and sixel encoders
/// at 120x40 and 200x60 cells (10x20-pixel cells), as `show` draws a film (fitted to all the
/// cells) and as the review's film pane does, with and without the LIME overlay.
///
/// Times are this thread's CPU time (CLOCK_THREAD_CPUTIME_ID, so other load on the machine
/// does not count), medians of `repeats` runs after one warm-up; the resampling to the pane's
/// pixels is timed apart (the review pane's encode times include it).
public enum GraphicsBenchmark {
    /// The films `bench graphics` measures: a 2048x2048 phantom and the demo study's first film.
    public static func standardFilms() -> [(name: String, image: GrayImage)] {
        var films = [(name: "phantom", image: ChestPhantom.render(width: 2048, height: 2048, seed: 1, pneumonia: true))]
        if let demo = StudyLocator.demoStudy(), let scan = try? StudyScanner.scan(root: demo), let first = scan.cases.first,
           let film = try? ImageFile.loadFilm(path: demo + "/" + first.relativePath).image {
            films.append((name: "demo film " + first.relativePath, image: film))
        }
        return films
    }

    /// The report, one line per measurement, for each named film.
    public static func report(films: [(name: String, image: GrayImage)], repeats: Int) -> [String] {
        var lines = ["cells    what                 pixels      kitty bytes   ms   (raw RGB/grey)   sixel bytes   ms   resample ms"]
        let cell = CellPixelSize.fallback
        for (name, film) in films {
            lines.append("\(name) (\(film.width)x\(film.height))")
            for (columns, rows) in [(120, 40), (200, 60)] {
                // show: the film fitted to the whole box of cells.
                let fit = GraphicsFit(imageWidth: film.width, imageHeight: film.height, columns: columns, rows: rows, cell: cell)
                var raster = GreyRaster(width: 1, height: 1, bytes: [0])
                let resample = cpuSeconds(repeats) { raster = GreyRaster(film.resized(width: fit.pixelWidth, height: fit.pixelHeight)) }
                lines.append(line("\(columns)x\(rows)", "show", raster.width, raster.height, raw: raster.bytes.count,
                                  resample: resample, repeats: repeats,
                                  kitty: { KittyGraphics.transmitAndDisplay(raster, id: nil, columns: fit.columns, rows: fit.rows).utf8.count },
                                  sixel: { SixelEncoder.encode(raster).utf8.count }))
                // review: the film pane's cells, plain and with an overlay of superpixel-sized blocks.
                for overlay in [false, true] {
                    let state = Self.review(film, columns: columns, rows: rows, overlay: overlay)
                    guard let scene = FilmScene(state) else { continue }
                    let pixels = scene.raster(of: film, cell: cell)
                    let paneResample = cpuSeconds(repeats) { _ = scene.raster(of: film, cell: cell) }
                    func bytes(_ graphics: GraphicsProtocol) -> Int {
                        let e = scene.encoded(film, graphics: graphics, cell: cell, kittyID: 1, tmuxPassthrough: false)
                        return e.pieces.reduce(e.placement.utf8.count) { $0 + $1.utf8.count }
                    }
                    lines.append(line("", overlay ? "review pane + LIME" : "review pane", pixels.width, pixels.height,
                                      raw: pixels.bytes.count * (overlay ? 3 : 1), resample: paneResample, repeats: repeats,
                                      kitty: { bytes(.kitty) }, sixel: { bytes(.sixel) }))
                }
            }
        }
        lines.append("review pane times include the resampling; kitty bytes are base64 with escape framing.")
        return lines
    }

    private static func line(_ cells: String, _ what: String, _ width: Int, _ height: Int, raw: Int, resample: Double, repeats: Int,
                             kitty: () -> Int, sixel: () -> Int) -> String {
        var kittyBytes = 0, sixelBytes = 0
        let kittyTime = cpuSeconds(repeats) { kittyBytes = kitty() }
        let sixelTime = cpuSeconds(repeats) { sixelBytes = sixel() }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func ms(_ t: Double) -> String { String(format: "%6.1f", t * 1000) }
        let share = Double(kittyBytes) / Double(raw * 4 / 3)  // against the raw pixels in base64
        var text = pad(cells, 9)
        text += pad(what, 21)
        text += pad("\(width)x\(height)", 12)
        text += String(format: "%11d ", kittyBytes) + ms(kittyTime) + String(format: "   (%.2f of raw)  ", share)
        text += String(format: "%11d ", sixelBytes) + ms(sixelTime) + "   " + ms(resample)
        return text
    }

    /// Median CPU seconds of this thread over `repeats` runs of `body` after one warm-up run.
    private static func cpuSeconds(_ repeats: Int, _ body: () -> Void) -> Double {
        func now() -> Double { AppSyscalls.threadCPUSeconds() }
        body()
        let runs = (0..<max(1, repeats)).map { _ -> Double in
            let start = now()
            body()
            return now() - start
        }
        return runs.sorted()[runs.count / 2]
    }

    /// A review of `film` on a `columns x rows` terminal, with a blocky LIME overlay when asked.
    static func review(_ film: GrayImage, columns: Int, rows: Int, overlay: Bool) -> AppState {
        var state = AppState(studyName: "bench", paths: ["film.jpeg"], reviewer: "bench", modelID: "bench",
                             threshold: 0.5, colorMode: .truecolor, width: columns, height: rows)
        _ = state.start()
        _ = state.update(.imageLoaded(path: "film.jpeg", image: film))
        if overlay {
            // 16x16 blocks (about SLIC's superpixels on a 224 input), a third each +1, -1 and 0.
            let values: [Int8] = (0..<256).map { (i: Int) -> Int8 in Int8((i * 7 + i / 16) % 3) - 1 }
            _ = state.update(.key(.character("o"), at: UTCTimestamp(millisecondsSinceEpoch: 0)))
            _ = state.update(.explained(path: "film.jpeg", overlay: LIMEOverlay(mask: TintMask(width: 16, height: 16, values: values), samples: 1000, largestWeight: 1)))
        }
        return state
    }
}
