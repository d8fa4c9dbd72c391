import Testing

@Suite struct SSOCoreTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
