#if canImport(Glibc)
import Glibc
#endif

/// A string compared and hashed by its UTF-8 bytes, as Python compares dict keys.
///
/// Swift's `==` on String is canonical equivalence: "caf\u{E9}" and "cafe\u{301}" are equal to it,
/// but they are two distinct keys to Python's json module (and to Darktrace), so keys are matched
/// byte for byte wherever an object looks one up or resolves repeats.
struct ExactKey: Hashable {
    let text: String

    static func == (lhs: ExactKey, rhs: ExactKey) -> Bool {
        lhs.text.isExactly(rhs.text)
    }

    func hash(into hasher: inout Hasher) {
        var bytes = text
        bytes.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// True when both strings are the same bytes (not merely canonically equivalent).
    func isExactly(_ other: String) -> Bool {
        // A byte compare of the contiguous storage, borrowed (no copy, no retain): the generic
        // UTF8View walk cost the parser 40% more instructions, since every alike object's keys
        // are confirmed this way.
        let compared = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                guard a.count == b.count else { return false }
                guard let x = a.baseAddress, let y = b.baseAddress else { return true }
                return memcmp(x, y, a.count) == 0
            }
        }
        if let compared, let result = compared { return result }
        return utf8.count == other.utf8.count && utf8.elementsEqual(other.utf8)
    }
}
