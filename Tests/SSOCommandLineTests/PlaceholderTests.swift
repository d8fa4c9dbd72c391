import Testing

@Suite struct SSOCommandLineTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
