import Dispatch
import Imaging
import ReviewCore
import Feedback
import Storage

/// The overlay's explanations: one at a time on the explain queue, the current film ahead of
/// prefetched ones, answered from the cache when already computed.
extension EffectRunner {
    /// Shortest time between two progress messages of one explanation.
    public static let progressInterval: UInt64 = 100_000_000

    public func wantExplanation(_ id: CaseID, urgent: Bool) {
        let path = id.relativePath
        guard let explainer else {
            inbox.post(.explainFailed(path: path, reason: "no model"))
            return
        }
        if let cached = cachedOverlay(id, explainer) {
            inbox.post(.explained(path: path, overlay: cached))
            return
        }
        let added = explainWanted.withLock { wanted -> Bool in
            if let i = wanted.firstIndex(where: { $0.relativePath == path }) {
                if urgent { wanted.insert(wanted.remove(at: i), at: 0) }
                return false
            }
            if urgent { wanted.insert(id, at: 0) } else { wanted.append(id) }
            return true
        }
        // One job per film added; each job takes whichever film is most urgent by then.
        if added { explainQueue.async { [self] in explainNext(explainer) } }
    }

    private func cacheKey(_ id: CaseID, _ explainer: any FilmExplainer) -> String {
        explainer.modelID + "|" + (id.sha256 ?? "path:" + id.relativePath)
    }

    private func cachedOverlay(_ id: CaseID, _ explainer: any FilmExplainer) -> LIMEOverlay? {
        overlays.withLock { $0[cacheKey(id, explainer)] }
    }

    private func explainNext(_ explainer: any FilmExplainer) {
        guard !isStopping, let id = explainWanted.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return }
        let path = id.relativePath
        if let cached = cachedOverlay(id, explainer) {
            inbox.post(.explained(path: path, overlay: cached))
            return
        }
        guard let studyCase = casesByPath[path] else {
            inbox.post(.explainFailed(path: path, reason: "not in the study"))
            return
        }
        let film: GrayImage
        do {
            film = try ImageFile.loadFilm(path: studyCase.absolutePath, fittingAtLeast: explainer.inputSize).image
        } catch {
            inbox.post(.explainFailed(path: path, reason: error.reason.description))
            return
        }
        var lastPost: UInt64 = 0
        do {
            let overlay = try explainer.overlay(of: film) { [inbox] done, total in
                let now = DispatchTime.now().uptimeNanoseconds
                guard done == total || now - lastPost >= Self.progressInterval else { return }
                lastPost = now
                inbox.post(.explainProgress(path: path, done: done, total: total))
            }
            overlays.withLock { $0[cacheKey(id, explainer)] = overlay }
            inbox.post(.explained(path: path, overlay: overlay))
        } catch {
            inbox.post(.explainFailed(path: path, reason: "\(error)"))
        }
    }
}
