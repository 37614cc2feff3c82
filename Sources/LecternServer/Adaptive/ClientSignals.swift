import Foundation
import Hummingbird
import HummingbirdCore

/// Everything a request says about its client's link, parsed but not yet weighed (see `budget`).
public struct ClientSignals: Sendable, Hashable {
    /// `?max_kbps=N`.
    public var maxKbps: Int?
    /// CMCD `mtp`: measured throughput in kbps.
    public var cmcdThroughputKbps: Int?
    /// CMCD `bl`: buffer length in milliseconds.
    public var cmcdBufferMilliseconds: Int?
    /// Server-measured throughput of this session's recent segments, kbps.
    public var measuredKbps: Double?
    /// `Save-Data: on`.
    public var saveData: Bool
    /// `Downlink` in Mbps.
    public var downlinkMbps: Double?
    /// `ECT`: slow-2g, 2g, 3g, 4g.
    public var effectiveConnectionType: String?

    /// Signals given field by field (tests, callers that parsed them elsewhere); every one is absent by default.
    public init(
        maxKbps: Int? = nil,
        cmcdThroughputKbps: Int? = nil,
        cmcdBufferMilliseconds: Int? = nil,
        measuredKbps: Double? = nil,
        saveData: Bool = false,
        downlinkMbps: Double? = nil,
        effectiveConnectionType: String? = nil
    ) {
        self.maxKbps = maxKbps
        self.cmcdThroughputKbps = cmcdThroughputKbps
        self.cmcdBufferMilliseconds = cmcdBufferMilliseconds
        self.measuredKbps = measuredKbps
        self.saveData = saveData
        self.downlinkMbps = downlinkMbps
        self.effectiveConnectionType = effectiveConnectionType
    }

    /// Request headers the adaptive master depends on (for `Vary`).
    static let varyHeaders = ["CMCD-Request", "Save-Data", "Downlink", "ECT"]
    /// Client hints asked for with `Accept-CH`.
    static let acceptClientHints = "Downlink, ECT, Save-Data"

    /// Reads the query and headers; `measuredKbps` is filled by the caller.
    init(query: FlatDictionary<Substring, Substring>, headers: HTTPFields) {
        self.init()
        if let text = query["max_kbps"], let value = Int(text), value > 0 { maxKbps = value }
        let cmcd = query["CMCD"].map { Self.percentDecoded(String($0)) } ?? headers[HeaderName.cmcdRequest]
        if let cmcd {
            let pairs = Self.parseCMCD(cmcd)
            if let value = pairs["mtp"].flatMap({ Int($0) }), value > 0 { cmcdThroughputKbps = value }
            if let value = pairs["bl"].flatMap({ Int($0) }), value >= 0 { cmcdBufferMilliseconds = value }
        }
        saveData = headers[HeaderName.saveData]?.trimmingSpaces.lowercased() == "on"
        if let text = headers[HeaderName.downlink], let value = Double(text.trimmingSpaces), value > 0, value.isFinite {
            downlinkMbps = value
        }
        if let text = headers[HeaderName.ect]?.trimmingSpaces.lowercased(), ["slow-2g", "2g", "3g", "4g"].contains(text) {
            effectiveConnectionType = text
        }
    }

    /// The most trusted signal present, as a budget; nil when nothing is known.
    public var budget: Budget? {
        if let maxKbps {
            return Budget(kbps: Double(maxKbps), tolerance: 1, signal: .maxKbps)
        }
        if let mtp = cmcdThroughputKbps {
            // A draining buffer means the player is already behind: leave more headroom.
            let factor = (cmcdBufferMilliseconds.map { $0 < 4000 } ?? false) ? 0.5 : 0.8
            return Budget(kbps: Double(mtp) * factor, tolerance: 2, signal: .cmcd)
        }
        if let measuredKbps {
            return Budget(kbps: measuredKbps * 0.8, tolerance: 2, signal: .measured)
        }
        var hinted: [Double] = []
        if saveData { hinted.append(160) }
        if let downlinkMbps { hinted.append(downlinkMbps * 1000 * 0.8) }
        switch effectiveConnectionType {
        case "slow-2g": hinted.append(40)
        case "2g": hinted.append(80)  // the slides rung is built for 2G links
        case "3g": hinted.append(700)
        default: break
        }
        if let lowest = hinted.min() {
            return Budget(kbps: lowest, tolerance: 2, signal: .clientHints)
        }
        return nil
    }

    /// CMCD payload (CTA-5004): `key=value` pairs separated by commas; boolean keys have no value; strings are quoted.
    static func parseCMCD(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard let key = parts.first?.trimmingSpaces, !key.isEmpty else { continue }
            var value = parts.count > 1 ? String(parts[1].trimmingSpaces) : "true"
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            result[String(key)] = value
        }
        return result
    }

    static func percentDecoded(_ text: String) -> String {
        text.contains("%") ? (text.removingPercentEncoding ?? text) : text
    }
}
