import Foundation
import TesseraJSON

/// A tenant described by a file in `tenants/`:
/// `{"slug", "title", "bot": {"username", "token_env"}, "blueprint": "relative/path.json"}`.
public struct TenantManifest: Sendable, Equatable {
    public var slug: TenantSlug
    public var title: String
    public var botUsername: String
    /// Name of the environment variable holding the bot token (the token itself never sits in a file).
    public var tokenEnv: String
    /// The blueprint file, resolved against the manifest's directory.
    public var blueprintPath: String
    /// The manifest file it came from.
    public var file: String

    /// Reads and validates a manifest, reporting every problem with `file:line:column`.
    public static func load(file: String) throws(ManifestError) -> TenantManifest {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ManifestError(problems: ["\(file): cannot read the file"])
        }
        return try parse(Array(data), file: file)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(ManifestError) -> TenantManifest {
        let document: JSONDocument
        do {
            document = try JSONParser.parseDocument(bytes)
        } catch {
            throw ManifestError(problems: ["\(file):\(error.line):\(error.column): invalid JSON: \(error.message)"])
        }
        var problems: [String] = []
        func at(_ pointer: JSONPointer, key: Bool = false) -> String {
            let pos = key ? document.keyPosition(of: pointer) : document.position(of: pointer)
            return "\(file):\(pos?.line ?? 1):\(pos?.column ?? 1)"
        }
        let root = JSONPointer()
        guard case .object(let object) = document.value else {
            throw ManifestError(problems: ["\(at(root)): expected an object with slug, title, bot, blueprint"])
        }
        let allowed = ["slug", "title", "bot", "blueprint", "$schema"]
        for key in object.keys where !allowed.contains(key) {
            problems.append("\(at(root.appending(key), key: true)): unknown key \"\(key)\"; expected one of slug, title, bot, blueprint")
        }
        func string(_ parent: JSONPointer, _ value: JSONValue?, name: String) -> String? {
            let pointer = parent.appending(name)
            guard let value else {
                problems.append("\(at(parent)): missing \"\(name)\" (a string)")
                return nil
            }
            guard case .string(let s) = value, !s.isEmpty else {
                problems.append("\(at(pointer)): \"\(name)\" must be a non-empty string")
                return nil
            }
            return s
        }
        var slug: TenantSlug?
        if let raw = string(root, object["slug"], name: "slug") {
            do { slug = try TenantSlug(raw) } catch { problems.append("\(at(root.appending("slug"))): \(error)") }
        }
        let title = string(root, object["title"], name: "title")
        let blueprint = string(root, object["blueprint"], name: "blueprint")
        var username: String?
        var tokenEnv: String?
        let botPointer = root.appending("bot")
        if let bot = object["bot"] {
            if case .object(let botObject) = bot {
                for key in botObject.keys where !["username", "token_env"].contains(key) {
                    problems.append("\(at(botPointer.appending(key), key: true)): unknown key \"\(key)\"; expected username, token_env")
                }
                username = string(botPointer, botObject["username"], name: "username")
                if let u = username, !Self.isValidBotUsername(u) {
                    problems.append("\(at(botPointer.appending("username"))): bot username must be 5–32 of a-z, A-Z, 0-9, _ and end in \"bot\"")
                    username = nil
                }
                tokenEnv = string(botPointer, botObject["token_env"], name: "token_env")
                if let t = tokenEnv, !Self.isValidEnvName(t) {
                    problems.append("\(at(botPointer.appending("token_env"))): token_env must name an environment variable ([A-Z_][A-Z0-9_]*)")
                    tokenEnv = nil
                }
            } else {
                problems.append("\(at(botPointer)): \"bot\" must be an object {\"username\", \"token_env\"}")
            }
        } else {
            problems.append("\(at(root)): missing \"bot\" (an object {\"username\", \"token_env\"})")
        }
        guard problems.isEmpty, let slug, let title, let blueprint, let username, let tokenEnv else {
            throw ManifestError(problems: problems)
        }
        let absoluteFile = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let base = URL(fileURLWithPath: absoluteFile).deletingLastPathComponent()
        let resolved = blueprint.hasPrefix("/") ? blueprint : base.appendingPathComponent(blueprint).standardized.path
        return TenantManifest(slug: slug, title: title, botUsername: username, tokenEnv: tokenEnv, blueprintPath: resolved, file: file)
    }

    static func isValidBotUsername(_ s: String) -> Bool {
        (5...32).contains(s.count) && s.lowercased().hasSuffix("bot")
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func isValidEnvName(_ s: String) -> Bool {
        guard let first = s.first, first == "_" || (first.isASCII && first.isUppercase) else { return false }
        return s.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isUppercase || $0.isNumber)) }
    }
}

/// Everything wrong with a manifest file, one `file:line:column: message` per line.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
