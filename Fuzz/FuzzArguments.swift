// libFuzzer target: argument helpers and the first_fetch / timestamp parsers.
import OrderedJSON
import XSOARKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArguments(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? FirstFetch.epochMilliseconds(text, nowMilliseconds: 1_700_000_000_000)
    _ = XSOARDate.isoString(fromJSON: .string(text))
    var object = JSONObject()
    object["value"] = (try? JSONParser.parse(bytes)) ?? .string(text)
    let args = Arguments(object)
    _ = args.string("value")
    _ = try? args.integer("value", minimum: 0)
    _ = try? args.boolean("value")
    _ = args.list("value")
    if case .number(let n)? = object["value"], let ms = Int64(exactly: n.doubleValue.rounded(.towardZero)) {
        _ = XSOARDate.isoString(epochMilliseconds: ms)
    }
    return 0
}
