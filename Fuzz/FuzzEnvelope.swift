// libFuzzer target: the envelope decoder and the instance-param accessors.
import OrderedJSON
import XSOARKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let envelope = try? Envelope.decode(bytes) else { return 0 }
    for name in ["url", "public_api_token", "private_api_token", "min_score", "max_alerts", "first_fetch", "timeout"] {
        _ = envelope.params.string(name)
        _ = envelope.params.string(name, preferIdentifier: true)
    }
    _ = try? envelope.params.bool("insecure", default: false)
    _ = try? envelope.params.bool("proxy", default: false)
    return 0
}
