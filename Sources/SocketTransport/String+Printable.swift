extension String {
    /// Text fit for an error message: the first `limit` scalars with control characters shown as
    /// "?", and "…" when more was cut off (what a server or a header sent is quoted, not replayed).
    func printable(limit: Int = .max) -> String {
        let cleaned = String(unicodeScalars.prefix(limit).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return unicodeScalars.count > limit ? cleaned + "…" : cleaned
    }
}
