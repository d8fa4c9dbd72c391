import Foundation
import SSOCore

/// The connection form, generated from a provider's `ConfigSchema`: the modes as a choice
/// (a radio per mode; the chosen mode's fields open below it), every field with a `<label>`
/// whose text is exactly the schema field's label, its help and example, file uploads for
/// metadata files and certificates, and each validation issue next to its field.
///
/// Inputs of a mode are named `MODE.KEY` (a key may appear in several modes); common fields
/// are named by their key. The form is `novalidate`: the provider's validation, which knows
/// the console's words, is the only judge, and hidden modes never block a submission.
struct ConnectionForm {
    let schema: ConfigSchema
    /// The mode to show chosen.
    let selectedMode: String
    /// Values to show, by field key (the submitted or saved ones).
    let values: [String: ConfigValue]
    /// Issues by field key.
    let issues: [String: [ValidationIssue]]
    /// Whether inputs are editable (read-only members see them disabled).
    let editable: Bool

    /// The suffix of the upload input's name for a field that takes files.
    static let fileSuffix = ".file"

    /// The mode chooser with every mode's fields.
    func modeChooser() -> Markup {
        """
        <fieldset class="modes"><legend id="modes-legend">How do you want to enter the identity provider's settings?</legend>
        \(schema.modes.markup { mode in
            let id = Components.htmlID("mode", mode.id)
            let checked: Markup = mode.id == selectedMode ? " checked" : ""
            // The fieldset also holds each mode's fields, so the radios name their group
            // with aria-labelledby too (screen readers then announce the question with each).
            return """
                <div class="mode"><input class="mode-radio" type="radio" name="mode" id="\(id)" value="\(mode.id)" aria-labelledby="modes-legend \(id)-label"\(checked)\(disabled)>
                <label class="mode-choice" id="\(id)-label" for="\(id)">\(mode.title)<span class="summary">\(mode.summary)</span></label>
                <div class="mode-fields">
                \(mode.fields.markup { field(field: $0, mode: mode.id) })</div></div>

                """
        })</fieldset>
        """
    }

    /// A common field (one outside the modes).
    func commonField(_ field: ConfigField) -> Markup {
        self.field(field: field, mode: nil)
    }

    private var disabled: Markup { editable ? "" : " disabled" }

    /// One field: label line, input, upload, help, example, issues.
    func field(field: ConfigField, mode: String?) -> Markup {
        let name = mode.map { "\($0).\(field.key)" } ?? field.key
        let id = Components.htmlID("field", name)
        let fieldIssues = mode == nil || mode == selectedMode ? issues[field.key] ?? [] : []
        var describedBy = ["\(id)-help"]
        if field.example != nil { describedBy.append("\(id)-example") }
        if !fieldIssues.isEmpty { describedBy.append("\(id)-issues") }
        let invalid: Markup = fieldIssues.contains { $0.severity == .error } ? " aria-invalid=\"true\"" : ""
        let aria: Markup = " aria-describedby=\"\(describedBy.joined(separator: " "))\"\(invalid)"
        let requirement: Markup = field.isRequired ? "" : " <span class=\"required-mark\">(optional)</span>"
        let help: Markup = "<p class=\"help\" id=\"\(id)-help\">\(field.help)</p>"
        let example: Markup = field.example.map { example in
            example.contains("\n")
                ? "<div class=\"example\" id=\"\(id)-example\">Example:<pre><code>\(example)</code></pre></div>"
                : "<p class=\"example\" id=\"\(id)-example\">Example: <code>\(example)</code></p>"
        } ?? .empty
        let issueMarkup = Self.issues(fieldIssues, id: "\(id)-issues")
        switch field.kind {
        case .attributeMapping(let keys):
            let mapping: [String: String]
            if case .mapping(let given)? = values[field.key] { mapping = given } else { mapping = [:] }
            return """
                <fieldset class="field" id="\(id)"\(aria)><legend>\(field.label)\(requirement)</legend>
                \(keys.markup { key in
                    let keyID = Components.htmlID("field", "\(name).\(key)")
                    return """
                        <div class="field"><label for="\(keyID)">\(key)</label><input type="text" id="\(keyID)" name="\(name).\(key)" value="\(mapping[key] ?? "")" autocomplete="off" spellcheck="false"\(disabled)></div>
                        """
                })\(help)\(example)\(issueMarkup)</fieldset>

                """
        case .boolean:
            let checked: Markup = values[field.key] == .boolean(true) ? " checked" : ""
            return """
                <div class="field"><div class="switch-row"><input type="checkbox" id="\(id)" name="\(name)" value="true"\(checked)\(aria)\(disabled)><label for="\(id)">\(field.label)</label>\(requirement)</div>
                \(help)\(example)\(issueMarkup)</div>

                """
        case .choice(let options):
            let current = text(field.key)
            return """
                <div class="field"><div class="label-line"><label for="\(id)">\(field.label)</label>\(requirement)</div>
                <select id="\(id)" name="\(name)"\(aria)\(disabled)>\(options.markup { option in
                    let selected: Markup = option == current ? " selected" : ""
                    return "<option value=\"\(option)\"\(selected)>\(option)</option>"
                })</select>
                \(help)\(example)\(issueMarkup)</div>

                """
        case .url, .text:
            let inputMode: Markup = if case .url = field.kind { " inputmode=\"url\"" } else { "" }
            let maximum: Markup = field.constraints.maximumLength.map { " maxlength=\"\($0)\"" } ?? .empty
            return """
                <div class="field"><div class="label-line"><label for="\(id)">\(field.label)</label>\(requirement)</div>
                <input type="text" id="\(id)" name="\(name)" value="\(text(field.key))" autocomplete="off" autocapitalize="none" spellcheck="false"\(inputMode)\(maximum)\(aria)\(disabled)>
                \(help)\(example)\(issueMarkup)</div>

                """
        case .certificates, .xmlDocument:
            let isXML = if case .xmlDocument = field.kind { true } else { false }
            let uploadID = "\(id)-file"
            let accept = isXML ? ".xml,application/xml,text/xml,application/samlmetadata+xml"
                : ".pem,.crt,.cer,.cert,.der,application/x-x509-ca-cert,application/pkix-cert"
            let uploadLabel = isXML ? "Or upload the file" : "Or upload certificate files (PEM or DER)"
            let multiple: Markup = isXML ? "" : " multiple"
            let upload: Markup = editable ? """
                <div class="upload"><label for="\(uploadID)">\(uploadLabel)</label><br><input type="file" id="\(uploadID)" name="\(name)\(Self.fileSuffix)" accept="\(accept)"\(multiple)></div>
                """ : .empty
            return """
                <div class="field"><div class="label-line"><label for="\(id)">\(field.label)</label>\(requirement)</div>
                <textarea id="\(id)" name="\(name)" rows="\(isXML ? 8 : 6)" spellcheck="false" autocapitalize="none"\(aria)\(disabled)>\(text(field.key))</textarea>
                \(upload)\(help)\(example)\(issueMarkup)</div>

                """
        }
    }

    /// The text to show in a field: a string, or several certificates one after another.
    private func text(_ key: String) -> String {
        switch values[key] {
        case .text(let value)?: value
        case .list(let items)?: items.joined(separator: "\n")
        case .boolean(let flag)?: flag ? "true" : "false"
        default: ""
        }
    }

    /// Issues as shown next to a field: message, fix, code; errors before warnings.
    static func issues(_ issues: [ValidationIssue], id: String) -> Markup {
        guard !issues.isEmpty else { return .empty }
        let sorted = issues.sorted { $0.severity == .error && $1.severity != .error }
        return """
            <div id="\(id)">\(sorted.markup { issue in
                let kind = issue.severity == .error ? "issue" : "issue issue-warning"
                let label = issue.severity == .error ? "Error" : "Warning"
                return """
                    <div class="\(kind)"><p><strong>\(label):</strong> \(issue.message)</p><p>\(issue.fixHint)</p><p class="muted">Code: <code>\(issue.code)</code></p></div>
                    """
            })</div>
            """
    }

    /// Reads the submitted form into a configuration for `mode`: that mode's fields and the
    /// common ones; empty values left out (validation reports what is missing); uploaded
    /// files in place of (metadata) or beside (certificates) pasted text.
    static func configuration(from form: FormData, schema: ConfigSchema, mode: String) -> ProviderConfiguration {
        var values: [String: ConfigValue] = [:]
        let modeFields = schema.mode(mode)?.fields.map { (field: $0, name: "\(mode).\($0.key)") } ?? []
        let common = schema.commonFields.map { (field: $0, name: $0.key) }
        for (field, name) in modeFields + common {
            switch field.kind {
            case .attributeMapping(let keys):
                var mapping: [String: String] = [:]
                for key in keys {
                    let value = (form.value("\(name).\(key)") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                    if !value.isEmpty { mapping[key] = value }
                }
                if !mapping.isEmpty { values[field.key] = .mapping(mapping) }
            case .boolean:
                values[field.key] = .boolean(form.value(name) == "true")
            case .xmlDocument:
                if let file = form.files(name + fileSuffix).first {
                    values[field.key] = .text(String(decoding: file.content, as: UTF8.self))
                } else if let text = nonEmpty(form.value(name)) {
                    values[field.key] = .text(text)
                }
            case .certificates:
                var blocks: [String] = []
                if let text = nonEmpty(form.value(name)) { blocks.append(text) }
                blocks += form.files(name + fileSuffix).map(pem)
                if !blocks.isEmpty { values[field.key] = .text(blocks.joined(separator: "\n")) }
            case .url, .text, .choice:
                if let text = nonEmpty(form.value(name)) { values[field.key] = .text(text) }
            }
        }
        return ProviderConfiguration(mode: mode, values: values)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }

    /// A certificate file as PEM: PEM text as it is; anything else is taken as DER and
    /// wrapped (the provider's validation then says whether it parses).
    static func pem(_ file: UploadedFile) -> String {
        if let text = String(data: file.content, encoding: .utf8), text.contains("-----BEGIN") {
            return text
        }
        let base64 = file.content.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(base64)\n-----END CERTIFICATE-----"
    }
}
