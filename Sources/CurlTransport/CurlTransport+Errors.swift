import CCurlShim
import HTTPTransport

extension CurlTransport {
    /// Translates a failed transfer into the `TransportError` the caller decides retries by.
    ///
    /// The distinction that matters most is whether the request may have reached the server, so
    /// timeouts and broken connections are classified by how far the transfer got, not by the code
    /// alone. Details are libcurl's error-buffer text, which never contains request headers.
    func failure(_ code: CURLcode, of easy: CurlEasy, target: RequestTarget,
                 throughProxy: Bool) -> TransportError {
        let detail = easy.errorText(for: code)
        // PRETRANSFER marks the end of the connect phase: TCP, proxy tunnel and TLS handshake are
        // done and the request is about to be written. Before it, nothing was sent.
        let connected = easy.info(offset: CURLINFO_PRETRANSFER_TIME_T) > 0
        let tunnelStatus = easy.info(CURLINFO_HTTP_CONNECTCODE)

        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(detail: detail)
        case CURLE_COULDNT_RESOLVE_HOST:
            return .hostNotFound(host: target.host)
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_PROXY:
            return .proxy(detail: detail)
        case CURLE_COULDNT_CONNECT:
            return throughProxy ? .proxy(detail: detail) : .connectionFailed(host: target.host, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return connected ? .timedOut(phase: .total, seconds: options.timeoutSeconds)
                             : .timedOut(phase: .connect, seconds: connectLimit)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
             CURLE_HTTP2, CURLE_HTTP2_STREAM:
            if tunnelStatus != 0 && !(200..<300).contains(tunnelStatus) {
                // "CONNECT tunnel failed, response 403": the proxy refused, the server never saw it.
                return .proxy(detail: detail)
            }
            if throughProxy && !connected {
                // The proxy dropped the tunnel before it was up, so the request was never sent.
                return .proxy(detail: detail)
            }
            return .connectionLost(detail: detail)
        default:
            if Self.tlsCodes.contains(code.rawValue) {
                return .tls(detail: detail)
            }
            return .other(detail: detail)
        }
    }

    /// The limit that ends a transfer still connecting: libcurl applies whichever is shorter.
    var connectLimit: Double {
        let connect = options.connectTimeoutSeconds
        let total = options.timeoutSeconds
        guard connect > 0 else { return total > 0 ? min(total, Self.defaultConnectTimeout) : Self.defaultConnectTimeout }
        guard total > 0 else { return connect }
        return min(connect, total)
    }

    /// libcurl's own connect limit when CURLOPT_CONNECTTIMEOUT_MS is 0.
    static let defaultConnectTimeout: Double = 300

    /// Every code that reports a failed handshake, an untrusted certificate or local TLS set-up.
    static let tlsCodes = Set([
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND,
        CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_INITFAILED,
        CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
        CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED,
    ].map(\.rawValue))
}
