import DarktraceAPI
import XSOARKit

/// The verdict test-module writes as a bare string (the Test button shows it).
enum TestModuleVerdict {
    static let ok = "ok"
    static let authorizationError = "Authorization Error: make sure API Key is correctly set"
    static let clockSkew = "Clock Error: Darktrace rejected the request time (API DATE ERROR): "
        + "the clocks of this engine and of Darktrace differ too much. Synchronize both with NTP and try again."
}

/// test-module: GET /time. "ok", the authorization string, the clock string, or a failure.
/// With fetching on, the fetch settings are checked first, so a bad one costs no API call.
func testModuleCommand(context: CommandContext) throws -> String {
    if try context.params.bool("isFetch", default: false) {
        _ = try FetchSettings(params: context.params, nowMilliseconds: context.client.nowMilliseconds)
    }
    do {
        _ = try context.client.get("/time")
        return TestModuleVerdict.ok
    } catch {
        if error.isAuthorizationFailure { return TestModuleVerdict.authorizationError }
        if error.isClockSkew { return TestModuleVerdict.clockSkew }
        throw error
    }
}
