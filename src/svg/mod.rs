//! A small SVG writer: every string from notes is escaped on its way in, numbers have a fixed
//! precision, and elements close in order, so charts are well-formed and byte-identical.

mod axis;
pub mod gantt;
pub mod heatmap;
pub mod trend;

use std::fmt::Write as _;

/// Builds an SVG (or any XML) document into a string.
///
/// Attribute names and element names are `&'static str`: they come from our code, never from
/// notes. Attribute values and text are escaped on the way in (see `escape_into`).
#[derive(Debug, Default)]
pub(crate) struct Writer {
    out: String,
    open: Vec<&'static str>,
}

/// An element whose start tag is being written; finish it with [`Tag::empty`], [`Tag::open`]
/// or [`Tag::text`].
#[must_use = "finish the tag with empty(), open() or text()"]
pub(crate) struct Tag<'w> {
    w: &'w mut Writer,
    name: &'static str,
}

impl Writer {
    /// An empty document with room for `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Writer { out: String::with_capacity(capacity), open: Vec::new() }
    }

    /// Starts element `name`.
    pub(crate) fn tag(&mut self, name: &'static str) -> Tag<'_> {
        self.out.push('<');
        self.out.push_str(name);
        Tag { w: self, name }
    }

    /// Starts `<rect class x y width height`.
    pub(crate) fn rect(&mut self, class: &str, x: f64, y: f64, w: f64, h: f64) -> Tag<'_> {
        self.tag("rect").class(&[class]).num("x", x).num("y", y).num("width", w).num("height", h)
    }

    /// Starts `<path class d`.
    pub(crate) fn path(&mut self, class: &str, d: &PathData) -> Tag<'_> {
        self.tag("path").class(&[class]).attr("d", d.as_str())
    }

    /// Starts `<text class x y`; finish it with [`Tag::text`].
    pub(crate) fn text_at(&mut self, class: &str, x: f64, y: f64) -> Tag<'_> {
        self.tag("text").class(&[class]).num("x", x).num("y", y)
    }

    /// Opens `<g class>` (empty words are left out).
    pub(crate) fn group(&mut self, classes: &[&str]) -> Tag<'_> {
        self.tag("g").class(classes)
    }

    /// Closes the innermost open element.
    pub(crate) fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
    }

    /// A line break, to keep the output diffable (whitespace between elements is ignored).
    pub(crate) fn newline(&mut self) {
        self.out.push('\n');
    }

    /// Closes every open element and returns the document.
    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out.push('\n');
        self.out
    }
}

impl Tag<'_> {
    /// An attribute; the value is escaped.
    pub(crate) fn attr(self, name: &'static str, value: &str) -> Self {
        self.w.out.push(' ');
        self.w.out.push_str(name);
        self.w.out.push_str("=\"");
        escape_into(&mut self.w.out, value, true);
        self.w.out.push('"');
        self
    }

    /// A numeric attribute with fixed precision (see [`num`]).
    pub(crate) fn num(self, name: &'static str, value: f64) -> Self {
        self.w.out.push(' ');
        self.w.out.push_str(name);
        self.w.out.push_str("=\"");
        push_num(&mut self.w.out, value);
        self.w.out.push('"');
        self
    }

    /// `class="..."` from the non-empty words given.
    pub(crate) fn class(self, words: &[&str]) -> Self {
        let mut words = words.iter().filter(|w| !w.is_empty());
        let Some(first) = words.next() else { return self };
        self.w.out.push_str(" class=\"");
        escape_into(&mut self.w.out, first, true);
        for w in words {
            self.w.out.push(' ');
            escape_into(&mut self.w.out, w, true);
        }
        self.w.out.push('"');
        self
    }

    /// A `data-*` attribute; `name` is the full attribute name (`data-id`).
    pub(crate) fn data(self, name: &'static str, value: &str) -> Self {
        debug_assert!(name.starts_with("data-"));
        self.attr(name, value)
    }

    /// Ends the element without content: `<rect ... />`.
    pub(crate) fn empty(self) {
        self.w.out.push_str("/>");
    }

    /// Ends the start tag and leaves the element open until [`Writer::close`].
    pub(crate) fn open(self) {
        self.w.out.push('>');
        self.w.open.push(self.name);
    }

    /// Writes escaped text content and closes the element.
    pub(crate) fn text(self, s: &str) {
        self.w.out.push('>');
        escape_into(&mut self.w.out, s, false);
        self.w.out.push_str("</");
        self.w.out.push_str(self.name);
        self.w.out.push('>');
    }
}

/// A number with at most two decimals, no trailing zeros, no `-0`, and `0` for NaN or infinity.
pub(crate) fn num(v: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

fn push_num(out: &mut String, v: f64) {
    let v = if v.is_finite() { (v * 100.0).round() / 100.0 } else { 0.0 };
    let v = if v == 0.0 { 0.0 } else { v };
    let hundredths = (v * 100.0).round();
    if hundredths.abs() < 1e12 {
        // The same digits as `{v:.2}` trimmed (v is a whole number of hundredths, far from
        // any rounding midpoint at this size), written without float formatting: charts
        // write hundreds of thousands of coordinates.
        let h = hundredths as i64;
        if h < 0 {
            out.push('-');
        }
        let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
        crate::digits::push_uint(out, whole);
        if frac != 0 {
            out.push('.');
            out.push(char::from(b'0' + (frac / 10) as u8));
            if frac % 10 != 0 {
                out.push(char::from(b'0' + (frac % 10) as u8));
            }
        }
        return;
    }
    let start = out.len();
    let _ = write!(out, "{v:.2}");
    let trimmed = out[start..].trim_end_matches('0').trim_end_matches('.').len();
    out.truncate(start + trimmed);
}

/// A path builder with fixed-precision coordinates.
#[derive(Debug, Default)]
pub(crate) struct PathData(String);

impl PathData {
    /// `M x y`.
    pub(crate) fn move_to(mut self, x: f64, y: f64) -> Self {
        self.cmd('M', &[x, y]);
        self
    }

    /// `L x y`.
    pub(crate) fn line_to(mut self, x: f64, y: f64) -> Self {
        self.cmd('L', &[x, y]);
        self
    }

    /// `H x`.
    pub(crate) fn h(mut self, x: f64) -> Self {
        self.cmd('H', &[x]);
        self
    }

    /// `V y`.
    pub(crate) fn v(mut self, y: f64) -> Self {
        self.cmd('V', &[y]);
        self
    }

    /// `Z`.
    pub(crate) fn close(mut self) -> Self {
        self.0.push('Z');
        self
    }

    fn cmd(&mut self, c: char, args: &[f64]) {
        self.0.push(c);
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                self.0.push(' ');
            }
            push_num(&mut self.0, *a);
        }
    }

    /// The `d` attribute value.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// The bytes `escape_into` may replace (in text or in attributes), so that a run of any others
/// is passed over with one table look-up a byte.
const MAY_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xEF] = true;
    t
};

/// Escapes markup characters, and replaces characters XML 1.0 forbids (most C0 controls,
/// U+FFFE, U+FFFF) with U+FFFD, so any note text yields a well-formed document. In attributes,
/// tabs and newlines become character references so they survive attribute normalisation.
fn escape_into(out: &mut String, s: &str, attr: bool) {
    // Everything that needs a replacement is ASCII or U+FFFE/U+FFFF, so runs of other text are
    // copied whole: charts escape hundreds of thousands of labels and tooltips.
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !MAY_ESCAPE[usize::from(b)] {
            i += 1;
            continue;
        }
        let (len, with) = match b {
            b'&' => (1, "&amp;"),
            b'<' => (1, "&lt;"),
            b'>' => (1, "&gt;"),
            b'"' if attr => (1, "&quot;"),
            b'\'' if attr => (1, "&#39;"),
            b'\n' if attr => (1, "&#10;"),
            b'\t' if attr => (1, "&#9;"),
            b'\r' => (1, "&#13;"),
            b'\n' | b'\t' => {
                i += 1;
                continue;
            }
            0..0x20 => (1, "\u{FFFD}"),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => (3, "\u{FFFD}"),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(with);
        i += len;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// Zero-width characters: combining marks, joiners, directional marks, variation selectors.
const ZERO: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0E31, 0x0E31),
    (0x0E34, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x20D0, 0x20FF),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFEFF, 0xFEFF),
    (0xE0100, 0xE01EF),
];
/// East Asian wide and fullwidth ranges (Unicode `EastAsianWidth` W and F), in order.
const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115F),
    (0x231A, 0x231B),
    (0x2329, 0x232A),
    (0x23E9, 0x23EC),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26AB),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26D4, 0x26D4),
    (0x26EA, 0x26EA),
    (0x26F2, 0x26F5),
    (0x26FA, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274C),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x2E80, 0x303E),
    (0x3041, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA000, 0xA4CF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE6F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F200, 0x1F251),
    (0x1F300, 0x1F64F),
    (0x1F680, 0x1F6FF),
    (0x1F900, 0x1F9FF),
    (0x1FA70, 0x1FAFF),
    (0x20000, 0x3FFFD),
];

/// Display columns of `s` in a monospace sense: East Asian wide and fullwidth characters (CJK,
/// Hangul, kana, fullwidth forms, most emoji) count 2, combining marks and controls 0, others 1.
pub(crate) fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Columns of one character (see [`display_width`]).
pub(crate) fn char_width(c: char) -> usize {
    let u = c as u32;
    if u < 0x20 || (0x7F..0xA0).contains(&u) {
        return 0;
    }
    if u < 0x300 {
        return 1;
    }
    let within = |table: &[(u32, u32)]| {
        let i = table.partition_point(|(lo, _)| *lo <= u);
        i > 0 && u <= table[i - 1].1
    };
    if within(ZERO) {
        0
    } else if within(WIDE) {
        2
    } else {
        1
    }
}

/// `s` cut to at most `cols` display columns, ending in `…` when cut; and whether it was cut.
pub(crate) fn truncate(s: &str, cols: usize) -> (String, bool) {
    if display_width(s) <= cols {
        return (s.to_string(), false);
    }
    let budget = cols.saturating_sub(1);
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let w = char_width(c);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if cols > 0 {
        out.push('…');
    }
    (out, true)
}

/// An id usable inside `id="..."` and CSS selectors: ASCII letters, digits, `-` and `_`, starting
/// with a letter. Any other character becomes `_` and its code point in hex and `_` (`投` →
/// `_6295_`), so ids that differ stay different (charts of CJK ids share a page); an empty or
/// digit-led prefix gets a leading `g`.
pub(crate) fn safe_id(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'g');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_precision() {
        let table = [
            (0.0, "0"),
            (-0.0, "0"),
            (-0.001, "0"),
            (1.0, "1"),
            (1.5, "1.5"),
            (1.234_567, "1.23"),
            (2.004, "2"),
            (-3.25, "-3.25"),
            (120.10, "120.1"),
            (f64::NAN, "0"),
            (f64::INFINITY, "0"),
            (1e6, "1000000"),
        ];
        for (v, want) in table {
            assert_eq!(num(v), want, "{v}");
        }
    }

    proptest::proptest! {
        /// The digits written by hand are those of `{:.2}` with trailing zeros trimmed.
        #[test]
        fn numbers_read_as_the_formatter_writes_them(v in -1e11f64..1e11) {
            let reference = format!("{:.2}", (v * 100.0).round() / 100.0);
            let reference = reference.trim_end_matches('0').trim_end_matches('.');
            let reference = if reference == "-0" { "0" } else { reference };
            proptest::prop_assert_eq!(num(v), reference);
        }

        /// Escaping a run at a time gives what escaping each character on its own would.
        #[test]
        fn text_is_escaped_as_character_by_character(
            s in "[a-zé中\u{EFFF}\u{FFFE}\u{FFFF}<>&\"'\n\t\r\u{0}\u{1F}\u{7F} ]{0,40}",
            attr: bool,
        ) {
            let mut want = String::new();
            for c in s.chars() {
                let with = match c {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' if attr => "&quot;",
                    '\'' if attr => "&#39;",
                    '\n' if attr => "&#10;",
                    '\t' if attr => "&#9;",
                    '\r' => "&#13;",
                    '\n' | '\t' => "",
                    '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => "\u{FFFD}",
                    _ => "",
                };
                if with.is_empty() { want.push(c) } else { want.push_str(with) }
            }
            proptest::prop_assert_eq!(escaped(&s, attr), want);
        }
    }

    fn escaped(s: &str, attr: bool) -> String {
        let mut out = String::new();
        escape_into(&mut out, s, attr);
        out
    }

    #[test]
    fn escaping() {
        assert_eq!(escaped("a<b>&c\"'", false), "a&lt;b&gt;&amp;c\"'");
        assert_eq!(escaped("a<b>&c\"'\n", true), "a&lt;b&gt;&amp;c&quot;&#39;&#10;");
        assert_eq!(escaped("x\u{0}y\u{8}z\u{FFFF}", false), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
        assert_eq!(escaped("]]></text><script>", false), "]]&gt;&lt;/text&gt;&lt;script&gt;");
        // Text around the replaced characters is kept whole, whatever its script.
        let s = "é\u{FFFE}中\u{FFFD}\u{EFFF}\r\t投<";
        assert_eq!(escaped(s, false), "é\u{FFFD}中\u{FFFD}\u{EFFF}&#13;\t投&lt;");
        assert_eq!(escaped(s, true), "é\u{FFFD}中\u{FFFD}\u{EFFF}&#13;&#9;投&lt;");
    }

    #[test]
    fn writer_nests_and_escapes() {
        let mut w = Writer::default();
        w.tag("g").class(&["task", "", "done"]).data("data-id", "a\"b").open();
        w.tag("rect").num("x", 1.0 / 3.0).num("width", 10.0).empty();
        w.tag("text").text("<&>");
        let s = w.finish();
        assert_eq!(
            s,
            "<g class=\"task done\" data-id=\"a&quot;b\"><rect x=\"0.33\" width=\"10\"/><text>&lt;&amp;&gt;</text></g>\n"
        );
    }

    #[test]
    fn widths_count_east_asian_characters_twice() {
        let table = [
            ("", 0),
            ("abc", 3),
            ("黑五", 4),
            ("广告ROI", 7),
            ("ｆｕｌｌ", 8),
            ("한국어", 6),
            ("e\u{301}", 1),
            ("かな", 4),
            ("🚀", 2),
            ("—…", 2),
        ];
        for (s, want) in table {
            assert_eq!(display_width(s), want, "{s:?}");
        }
    }

    #[test]
    fn truncation_respects_columns() {
        assert_eq!(truncate("short", 10), ("short".to_string(), false));
        assert_eq!(truncate("abcdefghij", 5), ("abcd…".to_string(), true));
        // A wide character that would straddle the limit is left out whole.
        assert_eq!(truncate("黑五大促销", 6), ("黑五…".to_string(), true));
        assert_eq!(truncate("ab cdef", 4), ("ab…".to_string(), true));
        for cols in 0..12 {
            let (t, _) = truncate("推广页A/B测试与结账", cols);
            assert!(display_width(&t) <= cols.max(1), "{cols}: {t}");
        }
    }

    #[test]
    fn ids_are_safe() {
        assert_eq!(safe_id("gantt-main"), "gantt-main");
        assert_eq!(safe_id("1 \"x\""), "g1_20__22_x_22_");
        assert_eq!(safe_id(""), "g");
        // Ids in Chinese stay apart.
        assert_eq!(safe_id("spark-投放"), "spark-_6295__653e_");
        assert_ne!(safe_id("spark-投放"), safe_id("spark-转化"));
    }
}
