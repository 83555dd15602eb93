// darktrace-xsoar: one JSON envelope on stdin → the Darktrace API → one JSON result on stdout.
#if canImport(Glibc)
import Glibc
#endif
import SocketTransport
import DarktraceIntegration

/// Reads all of stdin (any size) without Foundation.
func readStandardInput() -> [UInt8] {
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if n > 0 {
            data.append(contentsOf: chunk[0..<n])
        } else if n == 0 || errno != EINTR {
            return data
        }
    }
}

/// Writes all of `bytes` to a file descriptor, retrying short writes; false when it could not.
@discardableResult
func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return false }
    }
    return true
}

/// Runs the one command of this process and exits with its status.
func main() -> Never {
    // First of all: a reader that has gone (a closed stdout, a peer gone mid-TLS-write) must be
    // an EPIPE to report, not a signal that kills the process with status 141 before it can.
    signal(SIGPIPE, SIG_IGN)
    let environment = RunEnvironment(
        makeTransport: { SocketTransport(options: $0) },
        sleep: { seconds in if seconds > 0 { usleep(UInt32(min(seconds, 60) * 1_000_000)) } },
        log: { line in writeAll(Array(("darktrace-xsoar: " + line + "\n").utf8), to: 2) })
    let result = Integration.run(input: readStandardInput(), environment: environment)
    var failure: Int32?
    result.writeStdout { bytes in
        // After one failure the rest would fail too; the result is lost either way.
        if failure == nil, !writeAll(bytes, to: 1) { failure = errno }
    }
    if let failure {
        writeAll(Array("darktrace-xsoar: the result could not be written to stdout: \(errorText(failure))\n".utf8), to: 2)
        exit(Integration.exitCommandFailed)
    }
    exit(result.exitStatus)
}

/// The words for an errno value, for the one message main itself writes.
func errorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

main()
