//! Horizontal bar charts drawn on the server as accessible SVG: an image role named by its
//! `<title>` and described by its `<desc>`, every bar labelled in text with its count and share
//! (meaning never carried by colour alone), and styling left to the stylesheet's classes (the
//! policy allows no inline style). Pages show the same numbers in a table beside each chart.

use std::fmt::Write;

/// Width of the drawing, in user units.
const WIDTH: u32 = 640;
/// Width of a full bar.
const BAR_WIDTH: u32 = 440;
/// Height of one row (label above, bar below).
const ROW: u32 = 44;
/// Longest label drawn (the table beside holds the whole text).
const MAX_LABEL_CHARS: usize = 70;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What it counts (an option, a point, yes or no).
    pub label: String,
    /// The count and share as the reader writes them ("3 (60.0 %)").
    pub value: String,
    /// Its length, in thousandths of a full bar.
    pub permille: u32,
}

/// A chart of `bars` whose accessible name is `title` and description `description`; `id`
/// (unique on the page) prefixes the ids of those two elements.
pub fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar]) -> String {
    let height = ROW * (bars.len() as u32).max(1) + 4;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    for (row, bar) in bars.iter().enumerate() {
        let top = ROW * row as u32;
        let length = BAR_WIDTH * bar.permille.min(1000) / 1000;
        let _ = write!(
            svg,
            "<g class=\"chart-row\">\
             <text class=\"chart-label\" x=\"0\" y=\"{}\">{}</text>\
             <rect class=\"chart-track\" x=\"0\" y=\"{}\" width=\"{BAR_WIDTH}\" height=\"16\"/>\
             <rect class=\"chart-bar\" x=\"0\" y=\"{}\" width=\"{length}\" height=\"16\"/>\
             <text class=\"chart-value\" x=\"{}\" y=\"{}\">{}</text></g>",
            top + 15,
            escape(&shortened(&bar.label)),
            top + 21,
            top + 21,
            BAR_WIDTH + 10,
            top + 34,
            escape(&bar.value),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `text` cut to [`MAX_LABEL_CHARS`] characters, with an ellipsis when cut.
fn shortened(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_LABEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// `text` safe inside XML text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::Reader;
    use quick_xml::events::Event;

    /// The element names, text and `role` of an SVG, failing on anything not well-formed.
    fn parse(svg: &str) -> (Vec<String>, Vec<String>, Option<String>) {
        let mut reader = Reader::from_str(svg);
        let (mut names, mut texts, mut role) = (Vec::new(), Vec::new(), None);
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) | Event::Empty(e) => {
                    names.push(e.name().as_ref().to_owned());
                    if let Some(attr) = e.try_get_attribute("role").expect("attributes") {
                        role = Some(attr.value.to_string());
                    }
                }
                Event::Text(t) => texts.push(t.to_string()),
                Event::Eof => break,
                _ => {}
            }
        }
        (names, texts, role)
    }

    #[test]
    fn charts_are_well_formed_labelled_images() {
        let bars = [
            Bar { label: "Tariffs & <quotas>".into(), value: "2 (66.7 %)".into(), permille: 667 },
            Bar { label: "\"None\"".into(), value: "1 (33.3 %)".into(), permille: 2000 },
        ];
        let svg = bar_chart("chart-q1", "Which <measures>?", "3 organisations", &bars);
        let (names, texts, role) = parse(&svg);
        assert_eq!(role.as_deref(), Some("img"));
        assert_eq!(names.iter().filter(|n| *n == "rect").count(), 4);
        assert_eq!(names[..3], ["svg", "title", "desc"]);
        let joined = texts.concat();
        assert!(joined.contains("2 (66.7 %)"), "{joined}");
        assert!(svg.contains("aria-labelledby=\"chart-q1-title chart-q1-desc\""));
        assert!(svg.contains("width=\"440\" height=\"16\"/><text"), "a bar never overflows");
        assert!(!svg.contains("style"), "no inline style");
    }

    #[test]
    fn long_labels_are_shortened_and_empty_charts_still_parse() {
        assert_eq!(shortened(&"x".repeat(200)).chars().count(), MAX_LABEL_CHARS);
        let (names, _, _) = parse(&bar_chart("c", "t", "d", &[]));
        assert_eq!(names, ["svg", "title", "desc"]);
    }
}
