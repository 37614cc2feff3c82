import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every connection is a file descriptor, and the usual soft limit (1024) would refuse a lecture hall long before
/// memory runs out. Like nginx's `worker_rlimit_nofile`, the server raises its own soft limit up to the hard one.
enum FileDescriptorLimit {
    /// Descriptors kept for package files, the listening socket and logs on top of the connections.
    static let reserve = 256

    /// Raises the soft `RLIMIT_NOFILE` so that `connections` can be open at once, as far as the hard limit allows.
    /// - Returns: how many connections the limit now allows (at most `connections`).
    static func raise(toServe connections: Int, logger: Logger) -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return connections }
        let wanted = rlim_t(connections + reserve)
        if limits.rlim_cur < wanted {
            var raised = limits
            raised.rlim_cur = min(wanted, limits.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        let allowed = max(1, min(connections, Int(limits.rlim_cur) - reserve))
        if allowed < connections {
            logger.warning("Open-file limit allows \(allowed) connections, not \(connections); raise it with `ulimit -n`")
        }
        return allowed
    }
}
