import Testing

@testable import LecternServer

@Suite struct ClientSignalsTests {
    @Test("CTA-5004 payloads: numbers, quoted strings, valueless booleans")
    func cmcdParsing() {
        let pairs = ClientSignals.parseCMCD(#"bl=21300,br=3200,bs,mtp=25400,sid="6e2fb550-c457",su"#)
        #expect(pairs["bl"] == "21300")
        #expect(pairs["mtp"] == "25400")
        #expect(pairs["sid"] == "6e2fb550-c457")
        #expect(pairs["bs"] == "true")
    }

    @Test("Trust order: max_kbps, then CMCD, then measured, then client hints")
    func order() {
        var signals = ClientSignals(maxKbps: 300, cmcdThroughputKbps: 2000, measuredKbps: 5000, saveData: true)
        #expect(signals.budget?.signal == .maxKbps)
        signals.maxKbps = nil
        #expect(signals.budget?.signal == .cmcd)
        signals.cmcdThroughputKbps = nil
        #expect(signals.budget?.signal == .measured)
        #expect(signals.budget?.kbps == 4000)
        signals.measuredKbps = nil
        #expect(signals.budget == Budget(kbps: 160, tolerance: 2, signal: .clientHints))
        signals.saveData = false
        #expect(signals.budget == nil)
    }

    @Test("Client hints combine to the most cautious; ECT 4g says nothing")
    func hints() {
        #expect(ClientSignals(downlinkMbps: 10, effectiveConnectionType: "3g").budget?.kbps == 700)
        #expect(ClientSignals(effectiveConnectionType: "slow-2g").budget?.kbps == 40)
        #expect(ClientSignals(effectiveConnectionType: "4g").budget == nil)
    }
}
