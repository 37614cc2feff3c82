/// Decoding of the tags both kinds of playlist share, and of their attribute-list values.
enum TagDecoding {
    static func integer(_ value: String?, tag: String, line: Int) throws(PlaylistParseError) -> Int {
        guard let value, let number = NumberText.decimalInteger(value) else {
            throw PlaylistParseError(
                code: .invalidValue,
                line: line,
                message: "\(tag) must have a decimal integer value, found \(value.map { "\"\($0.prefix(40))\"" } ?? "none")"
            )
        }
        return number
    }

    static func key(_ value: String?, tag: String, line: Int) throws(PlaylistParseError) -> EncryptionKey {
        var attributes = try TagAttributes(tag: tag, value: value, line: line)
        guard let method = try attributes.enumerated("METHOD") else { throw attributes.missing("METHOD") }
        let uri = try attributes.string("URI")
        let iv = try attributes.hexadecimal("IV")
        let keyFormat = try attributes.string("KEYFORMAT")
        let keyFormatVersions = try attributes.string("KEYFORMATVERSIONS")
        return EncryptionKey(
            method: EncryptionMethod(rawValue: method),
            uri: uri,
            iv: iv,
            keyFormat: keyFormat,
            keyFormatVersions: keyFormatVersions,
            extraAttributes: attributes.remaining
        )
    }

    static func start(_ value: String?, line: Int) throws(PlaylistParseError) -> StartPoint {
        var attributes = try TagAttributes(tag: PlaylistTag.start.rawValue, value: value, line: line)
        let offset = try attributes.requiredSignedFloat("TIME-OFFSET")
        let precise = try attributes.boolean("PRECISE")
        return StartPoint(timeOffset: offset, precise: precise, extraAttributes: attributes.remaining)
    }

    static func define(_ value: String?, line: Int) throws(PlaylistParseError) -> VariableDefinition {
        var attributes = try TagAttributes(tag: PlaylistTag.define.rawValue, value: value, line: line)
        let definition: VariableDefinition
        if let name = try attributes.string("NAME") {
            definition = .value(name: name, value: try attributes.requiredString("VALUE"))
        } else if let name = try attributes.string("IMPORT") {
            definition = .import(name: name)
        } else if let name = try attributes.string("QUERYPARAM") {
            definition = .queryParameter(name: name)
        } else {
            throw PlaylistParseError(
                code: .missingAttribute,
                line: line,
                message: "EXT-X-DEFINE needs NAME, IMPORT or QUERYPARAM"
            )
        }
        if let extra = attributes.remaining.first {
            throw PlaylistParseError(
                code: .invalidValue,
                line: line,
                message: "EXT-X-DEFINE has an unexpected attribute \(extra.name)"
            )
        }
        return definition
    }

    static func once(_ tag: PlaylistTag, line: Int, seen: inout Set<PlaylistTag>) throws(PlaylistParseError) {
        guard seen.insert(tag).inserted else {
            throw PlaylistParseError(code: .duplicateTag, line: line, message: "\(tag.rawValue) appears more than once")
        }
    }
}
