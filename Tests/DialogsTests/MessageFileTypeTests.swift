import Foundation
import Telegram
import XCTest

@testable import Dialogs

/// What a message's file is served as, and the cache that keeps small ones (pure).
final class MessageFileTypeTests: XCTestCase {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]

    func test_photoAndStickerBytes_thatAreImages_areServedInline_byTheirSignature() {
        XCTAssertEqual(MessageFileType.decide(kind: "photo", bytes: [0xFF, 0xD8, 0xFF, 0xE0], fileName: nil).contentType, "image/jpeg")
        XCTAssertEqual(MessageFileType.decide(kind: "photo", bytes: png, fileName: nil), MessageFileType(contentType: "image/png", disposition: "inline"))
        XCTAssertEqual(MessageFileType.decide(kind: "sticker", bytes: Array("RIFF\0\0\0\0WEBPVP8 ".utf8), fileName: nil).contentType, "image/webp")
        XCTAssertEqual(MessageFileType.decide(kind: "photo", bytes: Array("GIF89a".utf8), fileName: nil).contentType, "image/gif")
    }

    func test_everythingElse_isAnOctetStreamAttachment_evenAnImageSentAsADocument_orSVG() {
        let svg = MessageFileType.decide(kind: "photo", bytes: Array("<svg onload=alert(1)>".utf8), fileName: nil)
        XCTAssertEqual(svg.contentType, "application/octet-stream")
        XCTAssertTrue(svg.disposition.hasPrefix("attachment; filename=\"photo.jpg\""))
        XCTAssertEqual(MessageFileType.decide(kind: "document", bytes: png, fileName: "a.png").contentType, "application/octet-stream")
        XCTAssertEqual(MessageFileType.decide(kind: "voice", bytes: [1, 2], fileName: nil).disposition, "attachment; filename=\"voice.ogg\"; filename*=UTF-8''voice.ogg")
    }

    func test_fileNames_inTheHeader_loseQuotesAndControlCharacters_andKeepUnicodeEncoded() {
        XCTAssertEqual(
            MessageFileType.dispositionName("меню \"x\"\r\n.pdf"),
            "filename=\"____ _x___.pdf\"; filename*=UTF-8''%D0%BC%D0%B5%D0%BD%D1%8E%20%22x%22%0D%0A.pdf")
    }

    func test_telegramsRefusals_become404Or502_andNetworkErrorsSayNothingOfTheURL() {
        XCTAssertEqual(DialogsArea.fileError(.badRequest("Bad Request: invalid file_id")).status, 404)
        XCTAssertEqual(DialogsArea.fileError(.badRequest("Bad Request: invalid file_id")).code, "file_gone")
        XCTAssertEqual(DialogsArea.fileError(.badRequest("Bad Request: file is too big")).code, "file_too_large")
        let network = DialogsArea.fileError(.network("GET http://x/file/bot123:SECRET/a failed"))
        XCTAssertEqual(network.status, 502)
        XCTAssertFalse(network.message.contains("SECRET"))
        XCTAssertEqual(DialogsArea.fileError(.tooManyRequests(retryAfter: 3)).code, "telegram_unavailable")
    }

    func test_cache_keepsSmallFilesForAWhile_withinItsTotal() {
        let cache = MessageFileCache()
        let type = MessageFileType(contentType: "image/png", disposition: "inline")
        let now = Date()
        cache.put("a", .init(bytes: [1], type: type, stored: now))
        XCTAssertEqual(cache.get("a", now: now)?.bytes, [1])
        XCTAssertNil(cache.get("a", now: now.addingTimeInterval(MessageFileCache.lifetime + 1)), "expired")
        cache.put("big", .init(bytes: Array(repeating: 0, count: MessageFileCache.maxEntryBytes + 1), type: type, stored: now))
        XCTAssertNil(cache.get("big", now: now), "too big to keep")
        let mib = Array(repeating: UInt8(0), count: MessageFileCache.maxEntryBytes)
        for i in 0..<20 { cache.put("f\(i)", .init(bytes: mib, type: type, stored: now)) }
        XCTAssertLessThanOrEqual(cache.totalBytes, MessageFileCache.maxTotalBytes)
        XCTAssertNil(cache.get("f0", now: now), "oldest out first")
        XCTAssertNotNil(cache.get("f19", now: now))
    }
}
