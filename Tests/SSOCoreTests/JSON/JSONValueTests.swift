import SSOCore
import Testing

@Suite struct JSONValueTests {
    @Test func compactOutputSortsKeysAndHasNoWhitespace() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "C": [:], "d": []]
        #expect(value.serialized(pretty: false) == #"{"C":{},"a":[true,null,"x"],"b":1,"d":[]}"#)
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        let value: JSONValue = ["name": "Okta", "modes": ["manual"], "empty": []]
        #expect(value.serialized(pretty: true) == """
            {
              "empty": [],
              "modes": [
                "manual"
              ],
              "name": "Okta"
            }
            """)
    }

    @Test func stringsAreEscaped() {
        let value: JSONValue = .string("quote \" backslash \\ newline \n tab \t bell \u{07} sep \u{2028} é </script>")
        #expect(value.serialized(pretty: false) ==
                #""quote \" backslash \\ newline \n tab \t bell \u0007 sep \u2028 é </script>""#)
    }

    @Test func numbersAreStable() {
        #expect(JSONValue.number(2).serialized(pretty: false) == "2")
        #expect(JSONValue.number(0.5).serialized(pretty: false) == "0.5")
        #expect(JSONValue.number(.nan).serialized(pretty: false) == "null")
        #expect(JSONValue.integer(-7).serialized(pretty: false) == "-7")
    }

    @Test func keysSortByScalarValueNotLocale() {
        let value: JSONValue = ["é": 1, "z": 2, "Z": 3, "$id": 4]
        #expect(value.serialized(pretty: false) == #"{"$id":4,"Z":3,"z":2,"é":1}"#)
    }

    @Test func parsingRoundTrips() throws {
        let value: JSONValue = ["a": [1, 2.5, "three", false, nil, ["deep": ["x"]]], "b": "\u{1F600}\n"]
        let parsed = try JSONValue(parsing: value.serialized(pretty: true))
        #expect(parsed == value)
        #expect(parsed.serialized(pretty: false) == value.serialized(pretty: false))
    }

    @Test func subscriptsReadObjectsAndArrays() {
        let value: JSONValue = ["list": ["x", "y"]]
        #expect(value["list"]?[1]?.stringValue == "y")
        #expect(value["list"]?[2] == nil)
        #expect(value["missing"] == nil)
        #expect(value[0] == nil)
    }

    @Test func invalidJSONThrows() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{\"a\": ") }
    }
}
