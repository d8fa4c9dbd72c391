import Testing

@Suite struct ProviderConformanceTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
