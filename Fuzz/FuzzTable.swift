// libFuzzer target: tableToMarkdown over arbitrary JSON tables.
import OrderedJSON
import XSOARKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTable(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    if let md = try? TableToMarkdown.render("Fuzz", value), !md.hasPrefix("### Fuzz\n") {
        fatalError("table without its title")
    }
    _ = try? TableToMarkdown.render("", value, headers: ["a", "b|c"])
    return 0
}
