import Testing

@Suite struct SelfServeSSOTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
