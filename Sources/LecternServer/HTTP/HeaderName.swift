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
}
