import OrderedJSON
import Testing

/// Valid documents: byte-identical round trips, key order, number text, surrogates, duplicate keys.
@Suite struct JSONParserTests {
    /// Canonical compact documents (what our compactJSON writer prints) come back byte for byte.
    @Test(arguments: [
        #"{"z":1,"a":1.0,"m":1e2,"b":[true,false,null],"c":{"y":"x","x":"y"}}"#,
        #"[1,1.0,1e2,1E+2,1e-2,-0,-0.0,0.5e-3,123456789012345678901234567890,-1.5E-10]"#,
        #"{"":{"":[]},"k":{}}"#,
        #"["a\"b\\c/d\b\f\n\r\t\u0000\u001fé😀"]"#,
        "[\"del:\u{7F} nbsp:\u{A0} ls:\u{2028}\"]",
        #"[[],{},[[]],[{}]]"#,
        #""""#,
        "0",
        "null",
        "true",
        "false",
        #"{"pbid":95,"score":0.729,"time":1597688304000,"model":{"then":{"tags":[]}}}"#,
    ])
    func roundTripIsByteIdentical(_ text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(value.compactJSONBytes() == Array(text.utf8), "\(value.compactJSON())")
    }

    /// White space goes and escapes are normalized to what the compact writer emits.
    @Test(arguments: [
        (" { \"a\" : [ 1 , 2 ] , \"b\" : { } }\n", #"{"a":[1,2],"b":{}}"#),
        (#""\u00e9\u0041\/""#, #""éA/""#),
        (#""\u007f""#, "\"\u{7F}\""),
        (#""\u000A\u000d\u0009""#, #""\n\r\t""#),
        ("\t\r\n[\r\n1\t]\t", "[1]"),
    ])
    func compactWriterNormalizes(_ input: String, _ expected: String) throws {
        #expect(try JSONParser.parse(input).compactJSON() == expected)
    }

    @Test func keyOrderIsDocumentOrder() throws {
        let value = try JSONParser.parse(#"{"b":1,"a":2,"c":{"z":0,"y":0}}"#)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value["c"]?.objectValue?.keys == ["z", "y"])
    }

    /// Number text survives parsing, so `1`, `1.0` and `1e2` stay distinct.
    @Test(arguments: [
        ("1", true), ("1.0", false), ("1e2", false), ("1E2", false), ("-0", true), ("-0.0", false),
        ("123456789012345678901234567890", true), ("0.729", false), ("1e-05", false),
    ])
    func numberTextIsKept(_ text: String, _ isInteger: Bool) throws {
        let number = try #require(try JSONParser.parse("[\(text)]").arrayValue?.first?.numberValue)
        #expect(number.text == text)
        #expect(number.isInteger == isInteger)
    }

    @Test func integersBeyondSixtyFourBitsAreKeptExactly() throws {
        let text = "123456789012345678901234567890"
        let value = try JSONParser.parse(#"{"big":\#(text),"neg":-99999999999999999999999}"#)
        let big = try #require(value["big"]?.numberValue)
        #expect(big.text == text)
        #expect(big.intValue == nil)
        #expect(value.compactJSON() == #"{"big":123456789012345678901234567890,"neg":-99999999999999999999999}"#)
        #expect(value.pythonRepr() == "{'big': 123456789012345678901234567890, 'neg': -99999999999999999999999}")
        #expect(value.pythonJSONDumps() == #"{"big": 123456789012345678901234567890, "neg": -99999999999999999999999}"#)
    }

    /// `\uD83D\uDE00` pairs into one scalar; a lone surrogate becomes U+FFFD.
    @Test(arguments: [
        (#""\ud83d\ude00""#, [0x1F600]),
        (#""\uD83D\uDE00""#, [0x1F600]),
        (#""x\ud83d\ude00y""#, [0x78, 0x1F600, 0x79]),
        (#""\ud83d""#, [0xFFFD]),
        (#""\ude00""#, [0xFFFD]),
        (#""\ud83dx""#, [0xFFFD, 0x78]),
        (#""\ud83d\u0041""#, [0xFFFD, 0x41]),
        (#""\ud83d\ud83d\ude00""#, [0xFFFD, 0x1F600]),
        (#""\ude00\ud83d""#, [0xFFFD, 0xFFFD]),
        (#""\u0000\uffff""#, [0x0, 0xFFFF]),
    ] as [(String, [UInt32])])
    func surrogates(_ input: String, _ scalars: [UInt32]) throws {
        let s = try #require(try JSONParser.parse(input).stringValue)
        #expect(s.unicodeScalars.map(\.value) == scalars)
    }

    @Test func surrogatePairIsTheEmoji() throws {
        let value = try JSONParser.parse(#""\ud83d\ude00""#)
        #expect(value.stringValue.map { Array($0.utf8) } == Array("😀".utf8))
        #expect(value.compactJSON() == "\"😀\"")
    }

    /// Python's json.loads: the last value wins, at the position where the key first appeared.
    @Test(arguments: [
        (#"{"a":1,"b":2,"a":3}"#, #"{"a":3,"b":2}"#),
        (#"{"a":1,"a":2,"a":3}"#, #"{"a":3}"#),
        (#"{"x":{"k":1,"k":[2]},"y":0,"x":{"k":0}}"#, #"{"x":{"k":0},"y":0}"#),
        (#"{"x":{"k":1,"j":2,"k":[2]}}"#, #"{"x":{"k":[2],"j":2}}"#),
        (#"[{"a":null,"a":{}}]"#, #"[{"a":{}}]"#),
    ])
    func duplicateKeysResolveLikePython(_ input: String, _ expected: String) throws {
        #expect(try JSONParser.parse(input).compactJSON() == expected)
    }

    /// "café" precomposed and decomposed are canonically equivalent to Swift's String ==, but two
    /// keys to Python: both stay, in both sizes of object (pairwise and set-based checks), and
    /// lookups and equality tell them apart.
    @Test func canonicallyEquivalentKeysStayDistinct() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        for filler in [0, 20] {
            let others = (0..<filler).map { #""k\#($0)":0,"# }.joined()
            let text = "{" + others + #""\#(composed)":1,"\#(decomposed)":2}"#
            let value = try JSONParser.parse(text)
            #expect(value.compactJSON() == text)
            guard case .object(let object) = value else { Issue.record("not an object"); return }
            #expect(object.count == filler + 2)
            #expect(object[composed] == .number(JSONNumber(integer: 1)))
            #expect(object[decomposed] == .number(JSONNumber(integer: 2)))
        }
        // Alike objects share key lists; one spelled differently must keep its own bytes.
        let list = #"[{"\#(composed)":1},{"\#(decomposed)":2},{"\#(composed)":3}]"#
        #expect(try JSONParser.parse(list).compactJSON() == list)
        #expect(JSONObject([composed: .null]) != JSONObject([decomposed: .null]))
    }

    @Test func nestingOf512LevelsIsAccepted() throws {
        let depth = JSONParser.maximumDepth
        #expect(depth == 512)
        for inner in ["", "1"] {
            let text = String(repeating: "[", count: depth) + inner + String(repeating: "]", count: depth)
            var value = try JSONParser.parse(text)
            var levels = 0
            while case .array(let items) = value {
                levels += 1
                guard let first = items.first else { break }
                value = first
            }
            #expect(levels == depth)
            #expect(try JSONParser.parse(text).compactJSON() == text)
        }
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(try JSONParser.parse(objects).compactJSON() == objects)
    }

    @Test func fiveMegabyteArrayParses() throws {
        let count = 800_000
        var text = "["
        text.reserveCapacity(6_000_000)
        for k in 0..<count {
            if k > 0 { text += "," }
            text += String(k)
        }
        text += "]"
        #expect(text.utf8.count == 5_488_891)
        let items = try #require(try JSONParser.parse(text).arrayValue)
        #expect(items.count == count)
        #expect(items.last?.numberValue?.text == "799999")
        #expect(items[123_456].numberValue?.intValue == 123_456)
    }
}
