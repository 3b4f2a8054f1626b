import Classifier
import Imaging
import ReviewCore
import Storage

/// Label-free study adaptation on the model queue: after any batch queued before it and
/// before any queued after it, so every score that arrives after `.studyAdapted` is the
/// adapted model's.
extension EffectRunner {
    /// Re-estimates the model's batch-norm statistics on up to
    /// `PneumoniaModel.batchNormAdaptationLimit` of the study's films, evenly spaced in scan
    /// order, and gives the explainer the adapted model too.
    public func adaptToStudy(_ cases: [StudyCase], classifier: (any FilmClassifier)?) {
        guard let classifier else {
            inbox.post(.studyAdaptationFailed("no model"))
            return
        }
        let n = min(cases.count, PneumoniaModel.batchNormAdaptationLimit)
        var images: [GrayImage] = []
        var tagHash = FNV1a()
        for i in 0..<n {
            let studyCase = cases[i * cases.count / n]
            guard let image = try? ImageFile.loadGray(path: studyCase.absolutePath, fittingAtLeast: classifier.inputSize)
            else { continue }   // unreadable films are reported by hashing and scoring
            images.append(image)
            tagHash.add(studyCase.relativePath)
        }
        do {
            let result = try classifier.adaptToStudy(images, tag: tagHash.hex(6))
            if let model = result.model { explainer?.replaceModel(model) }
            inbox.post(.studyAdapted(modelID: classifier.modelID, films: result.films))
        } catch {
            inbox.post(.studyAdaptationFailed(String(describing: error)))
        }
    }
}

/// FNV-1a over UTF-8 text, 64-bit: a short stable tag for the set of films an adaptation used.
public struct FNV1a {
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325

    public mutating func add(_ text: String) {
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        h ^= 0xFF   // separator, so ["ab", "c"] and ["a", "bc"] differ
        h = h &* 0x0000_0100_0000_01B3
    }

    /// The first `digits` hex digits of the hash.
    public func hex(_ digits: Int) -> String {
        let text = String(h, radix: 16)
        return String((String(repeating: "0", count: 16 - text.count) + text).prefix(digits))
    }
}
