@testable import OrderedJSON
import Testing

/// Objects with many keys: indexed lookups, key-by-key building, and copy-on-write of shared key lists.
@Suite struct WideObjectTests {
    /// An object with keys k0…k(n-1) and the values 0…n-1, built key by key.
    func wide(_ n: Int) -> JSONObject {
        var o = JSONObject()
        for i in 0..<n { o["k\(i)"] = .int(i) }
        return o
    }

    @Test(arguments: [3, 16, 17, 40_000])
    func everyKeyIsFoundInOrder(_ n: Int) {
        let o = wide(n)
        #expect(o.count == n)
        #expect(o.keys.first == "k0" && o.keys.last == "k\(n - 1)")
        for i in stride(from: 0, to: n, by: max(1, n / 97)) {
            #expect(o["k\(i)"] == .int(i))
            #expect(o.contains("k\(i)"))
        }
        #expect(o["k\(n)"] == nil)
        #expect(!o.contains("K0"))
    }

    @Test func removingAndReplacingKeepsTheIndexTrue() {
        var o = wide(40)
        o["k3"] = nil
        o["k39"] = .string("last")
        o["new"] = .bool(true)
        #expect(o.count == 40)
        #expect(o["k3"] == nil)
        #expect(o["k4"] == .int(4))
        #expect(o["k39"] == .string("last"))
        #expect(o.keys.last == "new")
        #expect(o.keys.firstIndex(of: "k4") == 3)
    }

    @Test func aSharedKeyListIsCopiedBeforeItChanges() throws {
        let text = "[" + Array(repeating: "{" + (0..<20).map { "\"f\($0)\": \($0)" }.joined(separator: ", ") + "}", count: 2)
            .joined(separator: ",") + "]"
        let rows = try #require(try JSONParser.parse(text).arrayValue)
        var first = try #require(rows[0].objectValue)
        let second = try #require(rows[1].objectValue)
        #expect(first.keyList === second.keyList)
        first["extra"] = .null
        first["f0"] = nil
        #expect(first.count == 20 && first["extra"] == .null && first["f0"] == nil)
        #expect(second.count == 20 && second["extra"] == nil && second["f0"] == .int(0))
        #expect(second.keys == (0..<20).map { "f\($0)" })
    }

    @Test func literalsResolveRepeatedKeysAsPython() {
        let o = JSONObject(["a": .int(1), "b": .int(2), "a": .int(3)])
        #expect(o.keys == ["a", "b"])
        #expect(o["a"] == .int(3))
    }

    @Test func keysMatchByteForByteInTheIndexToo() {
        var o = wide(30)
        o["caf\u{E9}"] = .int(1)
        o["cafe\u{301}"] = .int(2)
        #expect(o.count == 32)
        #expect(o["caf\u{E9}"] == .int(1) && o["cafe\u{301}"] == .int(2))
    }
}
