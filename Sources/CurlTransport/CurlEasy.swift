import CCurlShim
import HTTPTransport

/// One libcurl easy handle together with every buffer libcurl keeps a pointer into.
///
/// libcurl does not copy the error buffer, the header list or `CURLOPT_POSTFIELDS`; tying their
/// lifetime to the handle's object means none of them can be freed while a transfer might still
/// read them. A handle serves exactly one attempt and is never reused, so no connection outlives it.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var postFields: UnsafeMutablePointer<UInt8>?
    private let collector = ResponseCollector()

    init() throws(TransportError) {
        let initCode = ccurl_global_init_once()
        guard initCode == CURLE_OK else {
            throw .other(detail: "libcurl could not be initialised: \(Self.describe(initCode))")
        }
        guard let handle = curl_easy_init() else {
            throw .other(detail: "libcurl could not create a transfer handle")
        }
        self.handle = handle
        // One spare byte past CURL_ERROR_SIZE keeps the text terminated whatever libcurl writes.
        let capacity = Int(CURL_ERROR_SIZE) + 1
        errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        errorBuffer.initialize(repeating: 0, count: capacity)
    }

    deinit {
        // The handle goes first: only then is nothing left that could read the buffers below.
        curl_easy_cleanup(handle)
        if let headerList { curl_slist_free_all(headerList) }
        postFields?.deallocate()
        errorBuffer.deallocate()
    }

    // MARK: Options

    func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(ccurl_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        try check(ccurl_setopt_string(handle, option, value), option)
    }

    /// Sets a string option, or resets it to NULL (libcurl's "none") when `value` is nil.
    func set(_ option: CURLoption, _ value: String?) throws(TransportError) {
        if let value {
            try set(option, value)
        } else {
            try check(ccurl_setopt_pointer(handle, option, nil), option)
        }
    }

    /// Sets an option that only hardens the transfer, tolerating a libcurl too old to know it.
    func setIfSupported(_ option: CURLoption, _ value: String) {
        _ = ccurl_setopt_string(handle, option, value)
    }

    /// Installs the buffers and callbacks every transfer needs; call once, before anything else.
    func installCollectors() throws(TransportError) {
        try check(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
        let context = Unmanaged.passUnretained(collector).toOpaque()
        try check(ccurl_set_write_callback(handle, ResponseCollector.bodyCallback, context), CURLOPT_WRITEFUNCTION)
        try check(ccurl_set_header_callback(handle, ResponseCollector.headerCallback, context),
                  CURLOPT_HEADERFUNCTION)
        try check(ccurl_set_empty_read_callback(handle), CURLOPT_READFUNCTION)
    }

    /// Replaces the request header list with `lines` (`Name: value` form), sent in this order.
    func setHeaderLines(_ lines: [String]) throws(TransportError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let extended = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                throw .other(detail: "out of memory while building the request headers")
            }
            list = extended
        }
        try check(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, list), CURLOPT_HTTPHEADER)
        if let headerList { curl_slist_free_all(headerList) }
        headerList = list
    }

    /// Makes the request carry exactly `body`, from a private copy that lives as long as the handle.
    func setPostFields(_ body: [UInt8]) throws(TransportError) {
        // Never a null pointer: libcurl would then read the body from the read callback instead.
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(body.count, 1))
        copy.initialize(repeating: 0, count: max(body.count, 1))
        body.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { copy.update(from: base, count: source.count) }
        }
        postFields?.deallocate()
        postFields = copy
        // The size goes first so that libcurl never measures the bytes with strlen.
        try check(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)),
                  CURLOPT_POSTFIELDSIZE_LARGE)
        try check(ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, copy), CURLOPT_POSTFIELDS)
    }

    // MARK: Transfer

    /// Runs the transfer to completion or failure.
    func perform() -> CURLcode {
        curl_easy_perform(handle)
    }

    /// The headers of the final response, in the order received.
    var responseHeaders: [HTTPHeader] { collector.headers }

    /// Hands over the body without copying it; the collector is left empty.
    func takeResponseBody() -> [UInt8] { collector.takeBody() }

    /// libcurl's own account of the last failure, or its generic text for `code` when it wrote none.
    func errorText(for code: CURLcode) -> String {
        let text = String(cString: errorBuffer)
        let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return trimmed.isEmpty ? Self.describe(code) : trimmed
    }

    // MARK: Information

    func info(_ item: CURLINFO) -> Int {
        var value = 0
        return ccurl_getinfo_long(handle, item, &value) == CURLE_OK ? value : 0
    }

    func info(offset item: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return ccurl_getinfo_off_t(handle, item, &value) == CURLE_OK ? Int64(value) : 0
    }

    func info(text item: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard ccurl_getinfo_string(handle, item, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    // MARK: Helpers

    private func check(_ code: CURLcode, _ option: CURLoption) throws(TransportError) {
        guard code != CURLE_OK else { return }
        throw .other(detail: "libcurl rejected option \(option.rawValue): \(Self.describe(code))")
    }

    static func describe(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "libcurl error \(code.rawValue)" }
        return String(cString: text)
    }
}
