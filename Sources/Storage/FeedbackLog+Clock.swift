#if canImport(Glibc)
import Glibc
#endif
import ReviewCore

extension UTCTimestamp {
    /// The current time from `clock_gettime(CLOCK_REALTIME)`; lives in Storage because
    /// ReviewCore reads no clock.
    public static func now() -> UTCTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UTCTimestamp(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}
