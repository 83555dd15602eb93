@testable import OrderedJSON
import Testing

/// Alike objects share one key list, yet each behaves as its own value; the parser's scratch
/// stack moves values without losing or leaking any.
@Suite struct SharedKeyListTests {
    private func objects(_ text: String) throws -> [JSONObject] {
        try #require(try JSONParser.parse(text).arrayValue).compactMap(\.objectValue)
    }

    @Test func alikeObjectsShareOneKeyList() throws {
        let rows = try objects(#"[{"time":1,"count":2},{"time":3,"count":4},{"count":5,"time":6}]"#)
        #expect(rows.count == 3)
        #expect(rows[0].keyList === rows[1].keyList)
        #expect(rows[2].keyList !== rows[0].keyList)
        #expect(rows[2].keys == ["count", "time"])
    }

    @Test func changingOneSharingObjectLeavesTheOthersAlone() throws {
        let rows = try objects(#"[{"a":1,"b":2},{"a":1,"b":2},{"a":1,"b":2}]"#)
        var added = rows[0]
        added["c"] = .int(3)
        var removed = rows[1]
        removed["a"] = nil
        var replaced = rows[2]
        replaced["b"] = .string("x")
        #expect(JSONValue.object(added).compactJSON() == #"{"a":1,"b":2,"c":3}"#)
        #expect(JSONValue.object(removed).compactJSON() == #"{"b":2}"#)
        #expect(JSONValue.object(replaced).compactJSON() == #"{"a":1,"b":"x"}"#)
        #expect(rows.allSatisfy { JSONValue.object($0).compactJSON() == #"{"a":1,"b":2}"# })
        #expect(rows[0] == rows[1])
        #expect(replaced.keyList === rows[0].keyList)
    }

    /// Objects with equal members are equal whether or not they share a list.
    @Test func equalityIgnoresSharing() throws {
        let parsed = try #require(try JSONParser.parse(#"{"a":1,"b":[true]}"#).objectValue)
        let built = JSONObject(["a": .int(1), "b": .array([.bool(true)])])
        #expect(parsed.keyList !== built.keyList)
        #expect(parsed == built)
        #expect(parsed != JSONObject(["b": .array([.bool(true)]), "a": .int(1)]))
    }

    /// More key sequences than the cache has slots, interleaved, all come back as written.
    @Test func manyShapesRoundTrip() throws {
        let items = (0..<600).map { k in #"{"k\#(k % 300)":\#(k),"v":[\#(k)],"w\#(k % 7)":{}}"# }
        let text = "[" + items.joined(separator: ",") + "]"
        #expect(try JSONParser.parse(text).compactJSON() == text)
    }

    /// A key written with escapes is the same key; repeats in an object whose distinct form was
    /// seen before are still resolved as Python does.
    @Test(arguments: [
        (#"[{"a":1,"b":2},{"\u0061":3,"b":4}]"#, #"[{"a":1,"b":2},{"a":3,"b":4}]"#),
        (#"[{"a":1,"b":2},{"a":1,"b":2,"a":3}]"#, #"[{"a":1,"b":2},{"a":3,"b":2}]"#),
        (#"[{"a":1},{"\u0061":2,"a":3}]"#, #"[{"a":1},{"a":3}]"#),
        (#"[{"a":1,"a":2},{"a":3,"a":4}]"#, #"[{"a":2},{"a":4}]"#),
    ])
    func escapedAndRepeatedKeys(_ input: String, _ expected: String) throws {
        #expect(try JSONParser.parse(input).compactJSON() == expected)
    }

    /// A document that fails half-way, with values still on the scratch stack, just reports.
    @Test(arguments: [#"{"a":[1,2,{"b":"#, #"[{"x":[["y"]],"z":"#, #"{"k":{"k":{"k":[1,{"#])
    func failureWithOpenContainers(_ input: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(input) }
    }
}

/// The scratch stack hands out exactly what was pushed, grows, and destroys what it still holds.
@Suite struct MoveStackTests {
    final class Tracked {
        nonisolated(unsafe) static var alive = 0
        let id: Int
        init(_ id: Int) {
            self.id = id
            Tracked.alive += 1
        }
        deinit { Tracked.alive -= 1 }
    }

    @Test func pushPopDropAndRelease() {
        let before = Tracked.alive
        do {
            let stack = MoveStack<Tracked>(capacity: 2)
            for k in 0..<10 { stack.push(Tracked(k)) }
            #expect(stack.count == 10)
            let top = stack.popAll(from: 6)
            #expect(top.map(\.id) == [6, 7, 8, 9])
            #expect(stack.count == 6)
            #expect(stack.withElements(from: 4) { $0.map(\.id) } == [4, 5])
            stack.drop(from: 3)
            #expect(stack.count == 3)
            #expect(stack.popAll(from: 3).isEmpty)
            #expect(Tracked.alive == before + 7)
        }
        // The three left on the stack went with it; the four popped went with `top`.
        #expect(Tracked.alive == before)
    }
}

/// An object's values behave as a value: copies are independent, and edits keep the order.
@Suite struct ObjectValuesTests {
    @Test func copiesAreIndependent() {
        let original = ObjectValues([.int(1), .string("two"), .null])
        var copy = original
        copy[1] = .bool(true)
        copy.append(.int(4))
        copy.remove(at: 0)
        #expect(Array(original) == [.int(1), .string("two"), .null])
        #expect(Array(copy) == [.bool(true), .null, .int(4)])
        #expect(original != copy)
        #expect(ObjectValues(Array(original)) == original)
    }

    @Test func emptyGrowsAndShrinks() {
        var values = ObjectValues()
        #expect(values.isEmpty)
        for k in 0..<20 { values.append(.int(k)) }
        #expect(values.count == 20)
        values.remove(at: 19)
        values.remove(at: 0)
        #expect(Array(values) == (1..<19).map { .int($0) })
        #expect(ObjectValues().isEmpty)
    }
}
