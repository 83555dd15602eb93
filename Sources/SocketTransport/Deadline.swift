import Glibc

/// A point on the monotonic clock by which an operation must finish, or no limit at all.
struct Deadline {
    /// Nanoseconds on CLOCK_MONOTONIC, or nil for "never".
    private let instant: UInt64?

    /// No limit.
    static let never = Deadline(instant: nil)

    /// `seconds` from now; a non-positive or non-finite limit means none (libcurl's 0).
    static func after(seconds: Double) -> Deadline {
        guard seconds.isFinite, seconds > 0 else { return .never }
        // Clamped first: a Double-to-integer conversion out of range would trap.
        let nanoseconds = min(seconds, 1e9) * 1e9
        return Deadline(instant: now() &+ UInt64(nanoseconds))
    }

    /// Whichever of the two comes first.
    static func earlier(_ a: Deadline, _ b: Deadline) -> Deadline {
        switch (a.instant, b.instant) {
        case (nil, _): return b
        case (_, nil): return a
        case let (x?, y?): return x <= y ? a : b
        }
    }

    /// True once the instant has passed.
    var hasPassed: Bool {
        guard let instant else { return false }
        return Self.now() >= instant
    }

    /// The wait to hand poll(2): milliseconds left (rounded up), -1 for no limit, 0 when passed.
    var pollTimeout: Int32 {
        guard let instant else { return -1 }
        let now = Self.now()
        guard instant > now else { return 0 }
        let milliseconds = (instant - now + 999_999) / 1_000_000
        return Int32(min(milliseconds, UInt64(Int32.max)))
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
