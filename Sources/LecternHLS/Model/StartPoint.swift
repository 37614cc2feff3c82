/// `EXT-X-START`: where a client should start playing (RFC 8216, 4.3.5.2).
public struct StartPoint: Hashable, Sendable {
    /// Seconds from the start of the playlist; negative values count from its end.
    public var timeOffset: Double
    /// `PRECISE=YES`: start exactly at the offset rather than at the segment containing it.
    public var precise: Bool
    /// Attributes this model does not type, in input order.
    public var extraAttributes: AttributeList

    public init(timeOffset: Double, precise: Bool = false, extraAttributes: AttributeList = AttributeList()) {
        self.timeOffset = timeOffset
        self.precise = precise
        self.extraAttributes = extraAttributes
    }
}
