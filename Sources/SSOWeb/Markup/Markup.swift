import Foundation
import SAML

/// A piece of HTML whose every interpolated value is escaped: text goes through the one HTML
/// escaper (`MarkupEscaping.html`), and only other `Markup` values go in as they are. Pages
/// are built only from these, so no value from a request, the store or an identity provider
/// can add markup.
///
///     let row: Markup = "<td>\(domain.name)</td>"     // escaped
///     let page: Markup = "<tr>\(row)</tr>"             // nested markup kept
struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The HTML.
    private(set) var html: String

    /// Markup already safe: only for HTML this layer writes itself or that SSOCore's
    /// renderer escaped (guide steps).
    init(trusted html: String) {
        self.html = html
    }

    /// A literal is markup written here.
    init(stringLiteral value: String) {
        html = value
    }

    init(stringInterpolation: Interpolation) {
        html = stringInterpolation.html
    }

    var description: String { html }

    /// No markup.
    static let empty = Markup(trusted: "")

    /// Builds markup: literals as written, values escaped.
    struct Interpolation: StringInterpolationProtocol {
        var html = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            html.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) {
            html += literal
        }

        /// Text: escaped.
        mutating func appendInterpolation(_ text: String) {
            html += MarkupEscaping.html(text)
        }

        /// Text or nothing.
        mutating func appendInterpolation(_ text: String?) {
            if let text { html += MarkupEscaping.html(text) }
        }

        /// A number.
        mutating func appendInterpolation(_ number: Int) {
            html += String(number)
        }

        /// Markup: kept.
        mutating func appendInterpolation(_ markup: Markup) {
            html += markup.html
        }

        /// Markup pieces in order.
        mutating func appendInterpolation(_ pieces: [Markup]) {
            for piece in pieces { html += piece.html }
        }

        /// Markup when `condition` holds.
        mutating func appendInterpolation(if condition: Bool, _ markup: @autoclosure () -> Markup) {
            if condition { html += markup().html }
        }
    }
}

extension Array where Element == Markup {
    /// The pieces joined.
    var joined: Markup { Markup(trusted: map(\.html).joined()) }
}

extension Sequence {
    /// Markup for each element, joined.
    func markup(_ transform: (Element) throws -> Markup) rethrows -> Markup {
        var html = ""
        for element in self { html += try transform(element).html }
        return Markup(trusted: html)
    }
}
