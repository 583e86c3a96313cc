import Telegram
import TesseraJSON
import XCTest

/// Telegram's HTML parse mode: the text a client shows, the entities over it (UTF-16 offsets) and
/// the Bot API's own error texts.
final class TelegramHTMLTests: XCTestCase {
    func parsed(_ html: String, strict: Bool = false) throws -> TelegramHTML.Parsed {
        try TelegramHTML.parse(html, strict: strict).get()
    }

    func error(_ html: String, strict: Bool = false) -> TelegramHTML.ParseError? {
        if case .failure(let error) = TelegramHTML.parse(html, strict: strict) { return error }
        return nil
    }

    func entity(_ type: String, _ offset: Int, _ length: Int, url: String? = nil, language: String? = nil)
        -> TelegramHTML.Entity
    {
        TelegramHTML.Entity(type: type, offset: offset, length: length, url: url, language: language)
    }

    func test_parse_stripsTagsAndLaysEntitiesOverTheText() throws {
        let result = try parsed("Hi <b>bold <i>both</i></b> <u>u</u> <s>s</s>")
        XCTAssertEqual(result.text, "Hi bold both u s")
        XCTAssertEqual(
            result.entities,
            [entity("bold", 3, 9), entity("italic", 8, 4), entity("underline", 13, 1), entity("strikethrough", 15, 1)])
    }

    func test_parse_knowsTheSynonymsAndCaseOfTagNames() throws {
        let result = try parsed("<STRONG>a</STRONG><em>b</em><ins>c</ins><strike>d</strike><del>e</del>")
        XCTAssertEqual(result.text, "abcde")
        XCTAssertEqual(result.entities.map(\.type), ["bold", "italic", "underline", "strikethrough", "strikethrough"])
    }

    func test_parse_countsOffsetsInUTF16CodeUnits() throws {
        // 🦉 is two UTF-16 code units, ☕ one.
        XCTAssertEqual(try parsed("🦉 <b>owl</b>").entities, [entity("bold", 3, 3)])
        XCTAssertEqual(try parsed("☕ <b>Привет</b>").entities, [entity("bold", 2, 6)])
    }

    func test_parse_readsLinksCodeLanguageSpoilersAndExpandableQuotes() throws {
        let result = try parsed(
            #"<a href="https://t.me/x?a=1&amp;b=2">link</a> <pre><code class="language-swift">let</code></pre> "#
                + #"<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler><blockquote expandable>q</blockquote>"#)
        XCTAssertEqual(result.text, "link let stq")
        XCTAssertEqual(
            result.entities,
            [
                entity("text_link", 0, 4, url: "https://t.me/x?a=1&b=2"), entity("pre", 5, 3, language: "swift"),
                entity("spoiler", 9, 1), entity("spoiler", 10, 1), entity("expandable_blockquote", 11, 1),
            ])
        XCTAssertEqual(
            result.entities[0].json, ["type": "text_link", "offset": 0, "length": 4, "url": "https://t.me/x?a=1&b=2"])
    }

    func test_parse_decodesNamedAndNumericEntities() throws {
        XCTAssertEqual(try parsed("&lt;b&gt; &amp; &quot; &#33; &#x41;").text, "<b> & \" ! A")
        XCTAssertEqual(try parsed("Tom & Jerry").text, "Tom & Jerry", "Telegram keeps a bare & as text")
        XCTAssertEqual(error("Tom & Jerry", strict: true)?.byteOffset, 4)
    }

    func test_parse_refusesWhatTelegramRefusesInItsWords() {
        XCTAssertEqual(
            error("a<br>b")?.description, #"can't parse entities: Unsupported start tag "br" at byte offset 1"#)
        XCTAssertEqual(error("a<br>b")?.byteOffset, 1)
        XCTAssertEqual(
            error("<b>x</i>")?.description,
            #"can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>""#)
        XCTAssertEqual(
            error("<b>x")?.description, #"can't parse entities: Can't find end tag corresponding to start tag "b""#)
        XCTAssertEqual(error("x</b>")?.description, "can't parse entities: Unexpected end tag at byte offset 1")
        XCTAssertEqual(error("<b")?.description, "can't parse entities: Unclosed start tag at byte offset 0")
        XCTAssertNotNil(error(#"<span class="big">x</span>"#))
        XCTAssertNotNil(error("<a>x</a>"))
    }

    func test_escape_makesAnyTextSafeToEmbed() throws {
        let name = #"Bob's <b>"Café" & Co"#
        XCTAssertEqual(TelegramHTML.escape(name), "Bob's &lt;b&gt;&quot;Café&quot; &amp; Co")
        XCTAssertEqual(try parsed("<b>\(TelegramHTML.escape(name))</b>").text, name)
    }
}
