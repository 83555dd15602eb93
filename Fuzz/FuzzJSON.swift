// libFuzzer target: the JSON parser and every writer.
// Invariants: parsing never traps; compact output re-parses to the same value; the Python
// writers never trap and json.dumps output (without NaN/Infinity) is valid JSON again.
import OrderedJSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    let compact = value.compactJSONBytes()
    guard let again = try? JSONParser.parse(compact), again == value else {
        fatalError("compact output does not round-trip")
    }
    let dumped = value.pythonJSONDumps()
    if !dumped.contains("Infinity"), !dumped.contains("NaN"), (try? JSONParser.parse(dumped)) == nil {
        fatalError("json.dumps output is not JSON")
    }
    _ = value.pythonJSONDumps(ensureASCII: false)
    _ = value.pythonRepr()
    return 0
}
