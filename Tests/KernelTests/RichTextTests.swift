@testable import Kernel
import XCTest

final class RichTextTests: XCTestCase {
    func sanitize(_ s: String) -> String { RichText.sanitize(s) }

    func test_sanitize_keepsTheAllowedSubset() {
        XCTAssertEqual(
            sanitize("<p>Hello <b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em> <u>u</u> <s>s</s> <del>d</del></p>"),
            "<p>Hello <b>bold</b> <b>strong</b> <i>it</i> <i>em</i> <u>u</u> <s>s</s> <s>d</s></p>")
        XCTAssertEqual(sanitize("a<br>b<br/>c<BR />d"), "a<br>b<br>c<br>d")
        XCTAssertEqual(sanitize("<ul><li>one</li><li>two</li></ul><ol><li>x</li></ol>"), "<ul><li>one</li><li>two</li></ul><ol><li>x</li></ol>")
        XCTAssertEqual(sanitize("<pre><code>let x = 1</code></pre><blockquote>q</blockquote>"), "<pre><code>let x = 1</code></pre><blockquote>q</blockquote>")
    }

    func test_sanitize_keepsSafeLinksOnlyAndDropsOtherAttributes() {
        XCTAssertEqual(sanitize(#"<a href="https://example.com/a?b=1&amp;c=2" onclick="x()">go</a>"#), #"<a href="https://example.com/a?b=1&amp;c=2">go</a>"#)
        XCTAssertEqual(sanitize("<a href='tg://resolve?domain=x'>tg</a>"), #"<a href="tg://resolve?domain=x">tg</a>"#)
        XCTAssertEqual(sanitize("<a href=http://x.org>x</a>"), #"<a href="http://x.org">x</a>"#)
        XCTAssertEqual(sanitize(#"<p class="big" style="color:red" id="p">t</p>"#), "<p>t</p>")
    }

    func test_sanitize_neutralisesXSSPayloads() {
        let payloads: [(String, String)] = [
            ("<script>alert(1)</script>ok", "ok"),
            ("<SCRIPT SRC=//evil.js></SCRIPT>ok", "ok"),
            ("<img src=x onerror=alert(1)>ok", "ok"),
            ("<svg onload=alert(1)><circle/></svg>ok", "ok"),
            ("<iframe src=javascript:alert(1)></iframe>ok", "ok"),
            (#"<a href="javascript:alert(1)">x</a>"#, "x"),
            (#"<a href="JaVaScRiPt:alert(1)">x</a>"#, "x"),
            (#"<a href="java&#x09;script:alert(1)">x</a>"#, "x"),
            (#"<a href="&#106;avascript:alert(1)">x</a>"#, "x"),
            (#"<a href=" javascript:alert(1)">x</a>"#, "x"),
            (#"<a href="data:text/html,<script>alert(1)</script>">x</a>"#, "x"),
            (#"<a href="vbscript:msgbox(1)">x</a>"#, "x"),
            ("<style>body{display:none}</style>ok", "ok"),
            ("<!-- <script>alert(1)</script> -->ok", "ok"),
            (#"<p onmouseover="alert(1)">ok</p>"#, "<p>ok</p>"),
            (#"<b>"><script>alert(1)</script></b>"#, "<b>&quot;&gt;</b>"),
            ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
            ("<math><mtext><script>alert(1)</script></mtext></math>ok", "ok"),
            ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("<a href=\"https://x.org\" <script>", #"<a href="https://x.org">"# + "</a>"),
        ]
        for (input, expected) in payloads {
            let output = sanitize(input)
            XCTAssertEqual(output, expected, input)
            XCTAssertFalse(output.lowercased().contains("<script"), input)
            XCTAssertFalse(output.lowercased().contains("javascript:"), input)
            XCTAssertFalse(output.lowercased().contains("onerror"), input)
        }
    }

    func test_sanitize_escapesTextAndClosesWhatWasLeftOpen() {
        XCTAssertEqual(sanitize("1 < 2 & 3 > 2 \"q\" 'a'"), "1 &lt; 2 &amp; 3 &gt; 2 &quot;q&quot; &#39;a&#39;")
        XCTAssertEqual(sanitize("<b><i>open"), "<b><i>open</i></b>")
        XCTAssertEqual(sanitize("<b>a<i>b</b>c</i>"), "<b>a<i>b</i></b>c")
        XCTAssertEqual(sanitize("</p>stray</b>"), "stray")
        XCTAssertEqual(sanitize("Fish &amp; chips &copy; &#169; &#x41;"), "Fish &amp; chips &amp;copy; © A")
        XCTAssertEqual(sanitize("<a href=\"https://a.b\"><a href=\"https://c.d\">nested</a></a>"), #"<a href="https://a.b">nested</a>"#)
    }

    func test_sanitize_isIdempotent() {
        let inputs = ["<p>Hi <b>there</b> &amp; <a href=\"https://x.y/?a=1&b=2\">link</a></p>", "x < y", "<ul><li>a<li>b</ul>"]
        for input in inputs {
            let once = sanitize(input)
            XCTAssertEqual(sanitize(once), once, input)
        }
    }

    func test_plainTextAndExcerpt_stripTagsAndDecode() {
        let html = sanitize("<p>Fresh <b>beans</b> &amp; cups</p><p>Second</p>")
        XCTAssertEqual(RichText.plainText(html), "Fresh beans & cups Second")
        XCTAssertEqual(
            RichText.plainText(sanitize("<p>See you <b>Thursday</b>, at <a href=\"https://x.y/\">the bridge</a>.</p><ul><li>Tea</li><li>Cake</li></ul>")),
            "See you Thursday, at the bridge. Tea Cake", "inline tags add no space before punctuation; blocks separate words")
        let long = String(repeating: "word ", count: 60)
        let excerpt = RichText.excerpt(long, limit: 50)
        XCTAssertTrue(excerpt.hasSuffix("…"))
        XCTAssertLessThanOrEqual(excerpt.count, 51)
    }
}
