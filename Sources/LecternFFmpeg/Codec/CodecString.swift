/// RFC 6381 `CODECS` values computed from the encoder's own parameter sets.
public enum CodecString {
    /// `avc1.PPCCLL` from the SPS in `extradata` (Annex B start codes or an avcC record).
    public static func avc(extradata: [UInt8]) -> String {
        if extradata.count >= 4, extradata[0] == 1 {
            return format(extradata[1], extradata[2], extradata[3])
        }
        var index = 0
        while index + 4 < extradata.count {
            // Find a start code (00 00 01), then a NAL header with type 7 (SPS).
            if extradata[index] == 0, extradata[index + 1] == 0, extradata[index + 2] == 1 {
                let header = index + 3
                if extradata[header] & 0x1F == 7, header + 3 < extradata.count {
                    return format(extradata[header + 1], extradata[header + 2], extradata[header + 3])
                }
                index = header
            } else {
                index += 1
            }
        }
        return "avc1.64001f"
    }

    /// `mp4a.40.N` with N the audio object type of the AudioSpecificConfig (2 = AAC-LC).
    public static func aac(extradata: [UInt8]) -> String {
        guard let first = extradata.first else { return "mp4a.40.2" }
        return "mp4a.40.\(first >> 3)"
    }

    private static func format(_ profile: UInt8, _ constraints: UInt8, _ level: UInt8) -> String {
        "avc1."
            + [profile, constraints, level].map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
    }
}
