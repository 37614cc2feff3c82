/// The `METHOD` of `EXT-X-KEY` / `EXT-X-SESSION-KEY` (RFC 8216, 4.3.2.4). A struct, not an enum, so that
/// methods from later drafts (`SAMPLE-AES-CTR`, ...) survive a round trip.
public struct EncryptionMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `NONE`: the following segments are not encrypted.
    public static let noEncryption = EncryptionMethod(rawValue: "NONE")
    /// `AES-128`: whole segments encrypted with AES-128 CBC and PKCS7 padding.
    public static let aes128 = EncryptionMethod(rawValue: "AES-128")
    /// `SAMPLE-AES`: individual media samples are encrypted.
    public static let sampleAES = EncryptionMethod(rawValue: "SAMPLE-AES")

    public var description: String { rawValue }
}
