import Blueprint
import Foundation
@testable import Kernel
import TesseraJSON
import XCTest

/// The Bot API calls a blueprint's `bot` turns into, and which of them a push still has to make.
final class BotProfileTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func sample(_ name: String) throws -> Blueprint {
        let path = Self.repoRoot.appendingPathComponent("blueprints/\(name).json").path
        return try BlueprintLoader.load(Array(FileManager.default.contents(atPath: path) ?? Data()), file: path).get()
    }

    func test_profile_isTheMenuButtonAndThreeCallsPerLanguage_theDefaultLocaleWithoutACode() throws {
        let profile = BotProfile(try sample("events-club"), appURL: "https://t.example/app/events-club/")
        XCTAssertEqual(
            profile.calls.map { "\($0.method)|\($0.languageCode)" },
            [
                "setChatMenuButton|", "setMyCommands|", "setMyDescription|", "setMyShortDescription|",
                "setMyCommands|ru", "setMyDescription|ru", "setMyShortDescription|ru",
            ])
        XCTAssertEqual(
            profile.calls[0].parameters,
            ["menu_button": ["type": "web_app", "text": "Programme", "web_app": ["url": "https://t.example/app/events-club/"]]])
        XCTAssertNil(profile.calls[1].parameters["language_code"])
        XCTAssertEqual(profile.calls[4].parameters["language_code"], "ru")
        XCTAssertEqual(profile.calls[4].parameters["commands"]?[0], ["command": "start", "description": "Открыть программу"])
        XCTAssertEqual(profile.calls[6].parameters["short_description"], "Вечерние события и мастер-классы: места, билеты, напоминания.")
    }

    func test_profile_withoutAnAppURLLeavesTheMenuButtonAlone() throws {
        let profile = BotProfile(try sample("coffee-shop"), appURL: nil)
        XCTAssertEqual(profile.calls.map(\.method), ["setMyCommands", "setMyDescription", "setMyShortDescription"])
    }

    func test_profile_withoutABotObjectClearsAndUsesTheBuiltInLabel() throws {
        var blueprint = try sample("coffee-shop")
        blueprint.bot = nil
        let profile = BotProfile(blueprint, appURL: "https://t.example/app/coffee-shop/")
        XCTAssertEqual(profile.calls[0].parameters["menu_button"]?["text"], "Open")
        XCTAssertEqual(profile.calls[1].parameters, ["commands": []])
        XCTAssertEqual(profile.calls.dropFirst().map(\.clears), [true, true, true])
        XCTAssertEqual(profile.pending(pushed: [:]).map(\.method), ["setChatMenuButton"], "nothing to clear yet")
    }

    func test_pending_skipsWhatTelegramHasAndSendsWhatChanged() throws {
        let blueprint = try sample("paid-channel")
        let profile = BotProfile(blueprint, appURL: "https://t.example/app/paid-channel/")
        var pushed: [String: String] = [:]
        for call in profile.calls { pushed[BotProfile.key(call.method, call.languageCode)] = call.hash }
        XCTAssertEqual(profile.pending(pushed: pushed), [])

        var changed = blueprint
        changed.bot?.description = .translations(["en": "New.", "ru": blueprint.bot!.description!.resolved(for: "ru", defaultLocale: "en")])
        let pending = BotProfile(changed, appURL: "https://t.example/app/paid-channel/").pending(pushed: pushed)
        XCTAssertEqual(pending.map { "\($0.method)|\($0.languageCode)" }, ["setMyDescription|"])

        // Removing the texts clears what was pushed.
        changed.bot = nil
        let cleared = BotProfile(changed, appURL: "https://t.example/app/paid-channel/").pending(pushed: pushed)
        XCTAssertEqual(cleared.count, 7)
    }

    func test_hash_isStableAndDependsOnTheParameters() throws {
        let a = BotProfile(try sample("coffee-shop"), appURL: "https://a.example/app/coffee-shop/")
        let b = BotProfile(try sample("coffee-shop"), appURL: "https://b.example/app/coffee-shop/")
        XCTAssertEqual(a.calls[0].hash.count, 64)
        XCTAssertNotEqual(a.calls[0].hash, b.calls[0].hash)
        XCTAssertEqual(Array(a.calls.dropFirst()).map(\.hash), Array(b.calls.dropFirst()).map(\.hash))
    }
}
