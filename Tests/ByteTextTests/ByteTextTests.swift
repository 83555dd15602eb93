import ByteText
import Testing

/// Byte-level search and replacement, checked against what Python's `in` and `str.replace` give.
@Suite struct ByteTextTests {
    @Test(arguments: [
        ("text/html; charset=utf-8", "text/html", true),
        ("https://dt/login?next=/", "/login", true),
        ("abc", "", true),
        ("", "a", false),
        ("ab", "abc", false),
        ("aaab", "aab", true),
        // A token followed by a combining mark: Character search misses it, Python's `in` does not.
        ("token=abcdef\u{301}", "abcdef", true),
        // Canonically equivalent but different code points: Python says no, and so must this.
        ("caf\u{E9}", "cafe\u{301}", false),
        ("caf\u{E9} au lait", "\u{E9} au", true),
    ])
    func contains(_ text: String, _ needle: String, _ expected: Bool) {
        #expect(text.containsBytes(of: needle) == expected)
    }

    @Test(arguments: [
        ("secret secret", "secret", "<r>", "<r> <r>"),
        ("aaaa", "aa", "b", "bb"),
        ("no match", "xyz", "!", "no match"),
        ("xsecret\u{301}y", "secret", "<r>", "x<r>\u{301}y"),
        ("edge", "", "!", "edge"),
        ("ends with it", "it", "", "ends wh "),
    ])
    func replace(_ text: String, _ needle: String, _ replacement: String, _ expected: String) {
        #expect(Array(text.replacingBytes(of: needle, with: replacement).utf8) == Array(expected.utf8))
    }

    @Test func firstOccurrenceFromAnOffset() {
        let bytes = Array("abcabc".utf8)
        #expect(bytes.firstOccurrence(of: Array("bc".utf8)) == 1)
        #expect(bytes.firstOccurrence(of: Array("bc".utf8), from: 2) == 4)
        #expect(bytes.firstOccurrence(of: Array("bc".utf8), from: 5) == nil)
        #expect(bytes.firstOccurrence(of: [], from: 3) == 3)
    }
}
