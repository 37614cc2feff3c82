/// What a decoder, encoder or filter sink handed back: expected states are values, not errors.
public enum ReceiveResult: Sendable, Equatable {
    /// The frame or packet passed in now holds output.
    case ready
    /// Nothing yet: send more input.
    case needsInput
    /// Fully drained.
    case endOfStream
}
