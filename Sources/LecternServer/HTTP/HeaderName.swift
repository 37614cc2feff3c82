import Hummingbird

/// Header names HTTPTypes does not predefine (Hummingbird re-exports `HTTPFields`, whose element is `HTTPField`).
enum HeaderName {
    typealias Name = HTTPFields.Element.Name

    static let acceptCH = Name("Accept-CH")!
    static let link = Name("Link")!
    static let referrerPolicy = Name("Referrer-Policy")!
    static let saveData = Name("Save-Data")!
    static let downlink = Name("Downlink")!
    static let ect = Name("ECT")!
    static let cmcdRequest = Name("CMCD-Request")!
    static let cmsdDynamic = Name("CMSD-Dynamic")!
    /// Which signal the adaptive master used and its budget, e.g. `signal=cmcd; kbps=960` (for people and tests).
    static let lecternAdaptive = Name("Lectern-Adaptive")!
    /// Lets `/sw.js` control the whole site.
    static let serviceWorkerAllowed = Name("Service-Worker-Allowed")!
}

extension HeaderName {
    // tus 1.0 (https://tus.io/protocols/resumable-upload): the headers of resumable uploads.
    static let tusResumable = Name("Tus-Resumable")!
    static let tusVersion = Name("Tus-Version")!
    static let tusExtension = Name("Tus-Extension")!
    static let tusMaxSize = Name("Tus-Max-Size")!
    static let tusChecksumAlgorithm = Name("Tus-Checksum-Algorithm")!
    static let uploadOffset = Name("Upload-Offset")!
    static let uploadLength = Name("Upload-Length")!
    static let uploadMetadata = Name("Upload-Metadata")!
    static let uploadExpires = Name("Upload-Expires")!
    static let uploadChecksum = Name("Upload-Checksum")!
    static let uploadDeferLength = Name("Upload-Defer-Length")!
    /// The job a completed recording upload became (Lectern's own header).
    static let lecternJob = Name("Lectern-Job")!
}

extension HeaderName {
    /// The SHA-256 (hex) of a package file a remote worker sends (Lectern's own header).
    static let lecternSHA256 = Name("Lectern-SHA256")!
}
