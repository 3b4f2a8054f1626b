import Imaging
import Feedback

/// The film's header on screen: metadata from DICOM/PNG headers, the info and anonymise keys,
/// and the header's window presets.
extension AppState {
    /// Records what films' headers say; a SOP Instance UID joins the film's identity, so a
    /// verdict recorded for the same instance (under other bytes) stands for it too.
    mutating func describe(_ metadata: [String: FilmMetadata]) -> [Effect] {
        var identified = false
        for (path, info) in metadata {
            guard let i = indexByPath[path] else { continue }
            cases[i].metadata = info
            let uid = info.sopInstanceUID.isEmpty ? nil : info.sopInstanceUID
            if cases[i].id.sopInstanceUID != uid {
                cases[i].id.sopInstanceUID = uid
                identified = true
            }
        }
        if identified {
            recountReviewed()
            reorder()
        }
        return []
    }

    /// `I`, `P` and `w`.
    mutating func filmInfoKey(_ action: Action) {
        switch action {
        case .toggleFilmInfo:
            showsFilmInfo.toggle()
            notice = .info(showsFilmInfo ? "film info shown" : "film info hidden")
        case .toggleAnonymise:
            anonymised.toggle()
            notice = .info(anonymised ? "patient ID, name and study date hidden" : "patient ID, name and study date shown")
        case .cycleWindowPreset:
            let presets = selectedCase?.metadata?.windowPresets ?? []
            guard presets.count > 1, film?.values != nil else {
                notice = .info(presets.count > 1 ? "window presets: film not loaded yet" : "this film has no other window preset")
                return
            }
            let next = ((filmView.windowPreset ?? 0) + 1) % presets.count
            filmView.windowPreset = next
            let p = presets[next]
            notice = .info("window preset \(next + 1)/\(presets.count): \(p.text)")
        default:
            break
        }
    }

    /// The one line drawn over the film: its header fields (identifying ones hidden when
    /// anonymised), or nil for a film without header info or with the info hidden.
    public var filmInfoText: String? {
        guard showsFilmInfo, let metadata = selectedCase?.metadata else { return nil }
        var shown = metadata
        if let index = filmView.windowPreset, metadata.windowPresets.indices.contains(index) {
            let p = metadata.windowPresets[index]
            shown.windowSource = "preset \(index + 1)/\(metadata.windowPresets.count) \(p.text)"
        }
        let text = shown.summary(anonymised: anonymised)
        return text.isEmpty ? nil : text
    }

    /// The greys the film pane draws: the decoded greys, or the modality values through the
    /// chosen header preset.
    public var filmGreys: GrayImage? {
        guard let image = film?.image else { return nil }
        guard let index = filmView.windowPreset, let values = film?.values,
              values.width == image.width, values.height == image.height,
              let metadata = selectedCase?.metadata, metadata.windowPresets.indices.contains(index) else { return image }
        let p = metadata.windowPresets[index]
        return VOIWindow.linear(center: p.center, width: max(1, p.width)).apply(to: values, invert: metadata.inverted)
    }
}
