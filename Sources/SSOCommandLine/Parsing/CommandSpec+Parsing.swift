extension CommandSpec {
    /// Parses the arguments after the command words.
    ///
    /// Accepts `--name value`, `--name=value`, `-h`, and `--` (everything after it is
    /// positional). A value that starts with `--` is taken as a missing value, so
    /// `--acs-url --json` is an error rather than an ACS URL of `--json`. When `-h` or
    /// `--help` appears before any `--`, nothing else is checked.
    /// - Parameter tokens: The arguments after the command words.
    /// - Returns: The parsed arguments.
    /// - Throws: ``UsageError`` for an unknown option, a missing or unexpected value, a
    ///   repeated option that is not repeatable, a value outside the allowed ones, a missing
    ///   required option or argument, or an extra argument.
    func parse(_ tokens: [String]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        if tokens.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            result.isHelpRequested = true
            return result
        }
        var positionals: [String] = []
        var isTerminated = false
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            index += 1
            if isTerminated || token == "-" || !token.hasPrefix("-") {
                positionals.append(token)
                continue
            }
            if token == "--" {
                isTerminated = true
                continue
            }
            let (option, inlineValue) = try resolveOption(token)
            switch option.kind {
            case .flag:
                if inlineValue != nil { throw .unexpectedValue(option: option.name) }
                result.flags.insert(option.name)
            case .value:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < tokens.endIndex, !tokens[index].hasPrefix("--") {
                    value = tokens[index]
                    index += 1
                } else {
                    throw .missingValue(option: option.name)
                }
                if value.isEmpty, !option.allowsEmptyValue { throw .missingValue(option: option.name) }
                if !option.allowedValues.isEmpty, !option.allowedValues.contains(value) {
                    throw .invalidValue(option: option.name, value: value,
                                        expected: "one of " + option.allowedValues.joined(separator: ", "))
                }
                if !option.isRepeatable, result.values[option.name] != nil { throw .repeatedOption(option.name) }
                result.values[option.name, default: []].append(value)
            }
        }
        if positionals.count > arguments.count {
            throw .unexpectedArgument(positionals[arguments.count])
        }
        for (position, argument) in arguments.enumerated() {
            if position < positionals.count {
                result.arguments[argument.name] = positionals[position]
            } else if argument.isRequired {
                throw .missingArgument(argument.name)
            }
        }
        for option in options where option.isRequired && result.values[option.name] == nil {
            if case .value(let placeholder) = option.kind { throw .missingOption(option.name, placeholder: placeholder) }
        }
        return result
    }

    /// The option a token names, and the value after `=` if any.
    private func resolveOption(_ token: String) throws(UsageError) -> (OptionSpec, String?) {
        if token.hasPrefix("--") {
            let body = token.dropFirst(2)
            let name: Substring
            let value: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                value = String(body[body.index(after: equals)...])
            } else {
                name = body
                value = nil
            }
            guard let option = option(named: String(name)) else {
                if OptionSpec.globalValueOptions.contains(where: { $0.name == name }) {
                    throw .globalOptionNotUsed(String(name), command: invocation)
                }
                throw .unknownOption(token, command: invocation)
            }
            return (option, value)
        }
        let letters = token.dropFirst()
        guard letters.count == 1, let letter = letters.first,
              let option = options.first(where: { $0.shortName == letter }) else {
            throw .unknownOption(token, command: invocation)
        }
        return (option, nil)
    }
}
