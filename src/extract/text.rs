//! Output normalisation shared by every format: text is pushed piece by piece into a
//! [`TextBuilder`], which drops NULs and control characters (keeping tabs and newlines),
//! collapses runs of spaces, keeps at most one blank line between paragraphs, and stops
//! accepting text at [`super::Limits::max_output_chars`] so extractors can stop early.

/// Whitespace waiting to be written before the next visible character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Tab,
    Line,
    Paragraph,
}

/// Accumulates normalised text up to a character budget.
#[derive(Debug)]
pub struct TextBuilder {
    out: String,
    chars: usize,
    max_chars: usize,
    gap: Gap,
    /// Line ends seen in the current gap (two make a paragraph break).
    line_ends: u8,
    /// The previous character was `\r` (so a following `\n` is the same line end).
    after_cr: bool,
    full: bool,
}

impl TextBuilder {
    /// A builder that keeps at most `max_chars` characters.
    pub fn new(max_chars: usize) -> TextBuilder {
        TextBuilder {
            out: String::new(),
            chars: 0,
            max_chars,
            gap: Gap::None,
            line_ends: 0,
            after_cr: false,
            full: false,
        }
    }

    /// Whether the budget is spent; later pushes are ignored.
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// Appends `text`, normalising whitespace and dropping control characters.
    pub fn push_str(&mut self, text: &str) {
        for c in text.chars() {
            if self.full {
                return;
            }
            self.push_char(c);
        }
    }

    /// Appends one character (see [`TextBuilder::push_str`]).
    pub fn push_char(&mut self, c: char) {
        let after_cr = std::mem::replace(&mut self.after_cr, c == '\r');
        match c {
            '\n' if after_cr => {}
            '\n' | '\r' | '\u{0b}' | '\u{2028}' | '\u{85}' => self.line_end(),
            '\u{0c}' | '\u{2029}' => self.widen(Gap::Paragraph),
            '\t' => self.widen(Gap::Tab),
            '\u{feff}' => {}
            c if c.is_whitespace() => self.widen(Gap::Space),
            c if c.is_control() => {}
            c => self.visible(c),
        }
    }

    /// How many more characters fit.
    pub fn remaining(&self) -> usize {
        self.max_chars.saturating_sub(self.chars)
    }

    /// Ends a line (a table row, a `<br>`).
    pub fn line_break(&mut self) {
        self.widen(Gap::Line);
    }

    /// Ends a paragraph: the next text starts after a blank line.
    pub fn paragraph_break(&mut self) {
        self.widen(Gap::Paragraph);
    }

    /// Separates two words without ending the line (a table cell, an inline block).
    pub fn space(&mut self) {
        self.widen(Gap::Space);
    }

    /// The text gathered so far, without leading or trailing whitespace.
    pub fn finish(self) -> String {
        self.out
    }

    /// Whether nothing visible was pushed.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// A line end in the text itself: one ends the line, two or more end the paragraph.
    fn line_end(&mut self) {
        self.line_ends = self.line_ends.saturating_add(1);
        self.widen(if self.line_ends >= 2 { Gap::Paragraph } else { Gap::Line });
    }

    fn widen(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    fn visible(&mut self, c: char) {
        if !self.out.is_empty() {
            let separator = match self.gap {
                Gap::None => "",
                Gap::Space => " ",
                Gap::Tab => "\t",
                Gap::Line => "\n",
                Gap::Paragraph => "\n\n",
            };
            if !self.spend(separator.chars().count()) {
                return;
            }
            self.out.push_str(separator);
        }
        self.gap = Gap::None;
        self.line_ends = 0;
        if self.spend(1) {
            self.out.push(c);
        }
    }

    /// Takes `n` characters from the budget, or marks the builder full.
    fn spend(&mut self, n: usize) -> bool {
        if self.chars + n > self.max_chars {
            self.full = true;
            return false;
        }
        self.chars += n;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::TextBuilder;

    fn normalise(text: &str, max: usize) -> String {
        let mut builder = TextBuilder::new(max);
        builder.push_str(text);
        builder.finish()
    }

    #[test]
    fn collapses_spaces_and_keeps_paragraphs() {
        let text = "  a  \u{a0} b\t\tc \r\n d\n\n\n\ne\0f\u{7}g  ";
        assert_eq!(normalise(text, 100), "a b\tc\nd\n\nefg");
    }

    #[test]
    fn stops_at_the_budget() {
        let mut builder = TextBuilder::new(5);
        builder.push_str("abc def");
        assert!(builder.is_full());
        assert_eq!(builder.finish(), "abc d");
    }
}
