import Foundation

/// The fields and files of a submitted form, from either encoding a browser uses
/// (`application/x-www-form-urlencoded` or `multipart/form-data`).
struct FormData: Sendable, Equatable {
    /// Text fields in order; a name may repeat.
    var fields: [(name: String, value: String)]
    /// Uploaded files in order.
    var files: [UploadedFile]

    init(fields: [(name: String, value: String)] = [], files: [UploadedFile] = []) {
        self.fields = fields
        self.files = files
    }

    /// The first value of a field, or nil.
    func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every non-empty file uploaded under a field name.
    func files(_ name: String) -> [UploadedFile] {
        files.filter { $0.fieldName == name && !$0.content.isEmpty }
    }

    static func == (lhs: FormData, rhs: FormData) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
            && lhs.files == rhs.files
    }
}

/// One file from a `multipart/form-data` body.
struct UploadedFile: Sendable, Equatable {
    /// The form field it was uploaded under.
    var fieldName: String
    /// The file name the browser sent (for messages only; never used as a path).
    var fileName: String
    /// The declared media type, or nil.
    var contentType: String?
    /// The bytes.
    var content: Data
}

/// Why a form body could not be read. Each case renders as a page with its code.
enum FormError: Error, Sendable, Equatable {
    /// The body is not in the declared encoding (the detail says where it went wrong).
    case malformed(String)
    /// More fields or parts than any of these forms has.
    case tooManyFields(Int)
    /// A content type these forms never send.
    case unsupportedMediaType(String)

    var code: String {
        switch self {
        case .malformed: "form.malformed"
        case .tooManyFields: "form.too-many-fields"
        case .unsupportedMediaType: "form.unsupported-media-type"
        }
    }

    var message: String {
        switch self {
        case .malformed(let detail):
            "The form could not be read: \(detail). Reload the page and submit the form again."
        case .tooManyFields(let limit):
            "The form has more than \(limit) fields, more than any page here sends. Reload the page and submit the form again."
        case .unsupportedMediaType(let type):
            "The form arrived as \(type.isEmpty ? "an unknown type" : type), which this page does not accept. Submit the form from the page itself."
        }
    }
}

extension FormData {
    /// The most fields or parts a form may have: the largest form here (a connection
    /// with every mode) has about 20.
    static let maximumFields = 200

    /// Reads a request's form body, in whichever encoding it declares.
    /// - Throws: ``FormError``.
    static func parse(_ request: WebRequest) throws(FormError) -> FormData {
        switch request.mediaType {
        case "application/x-www-form-urlencoded":
            guard let text = String(data: request.body, encoding: .utf8) else {
                throw .malformed("the body is not UTF-8 text")
            }
            let pairs = URLEncodedForm.pairs(Substring(text))
            guard pairs.count <= maximumFields else { throw .tooManyFields(maximumFields) }
            return FormData(fields: pairs)
        case "multipart/form-data":
            return try MultipartForm.parse(request.body, contentType: request.headers["Content-Type"] ?? "",
                                           maximumParts: maximumFields)
        case "":
            if request.body.isEmpty { return FormData() }
            throw .unsupportedMediaType("")
        default:
            throw .unsupportedMediaType(request.mediaType)
        }
    }
}
