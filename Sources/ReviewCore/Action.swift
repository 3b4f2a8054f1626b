/// What a key does on the review screen; `KeyBindings.table` maps keys to actions.
public enum Action: Hashable, Sendable {
    case next, previous, first, last, pageDown, pageUp, nextUnreviewed, nextDisagreement
    case agree, disagree, deferVerdict, undo, note
    case cycleSort, reverseSort, filterByName, cycleFilter, clearFilter
    case moreContrast, lessContrast, brighter, darker, invert
    case zoomIn, zoomOut, panLeft, panRight, panUp, panDown, resetView
    case toggleOverlay, adaptToStudy, adaptWithLabels, revertModel, answerYes
    case toggleFilmInfo, toggleAnonymise, cycleWindowPreset
    case help, quit
}
