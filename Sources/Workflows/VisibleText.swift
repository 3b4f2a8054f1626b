import Storage

/// Text from outside (file names, model ids) made safe for a terminal and for line-based output.
///
/// Control characters (C0, DEL, C1) become a visible escape such as `\x1b`, so a name cannot
/// retitle the terminal, move the cursor, or break a line or a tab-separated column; a backslash
/// stays as it is. The CSV files Lightbox writes use the reversible form of the same escapes
/// (`FeedbackCSV.outputRow`); the feedback log keeps the raw bytes.
public func visible(_ text: String) -> String {
    FeedbackCSV.escapeControls(text, doublingBackslashes: false)
}
