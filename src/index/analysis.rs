//! Language analysis: one analyzer per supported language (stemming for English, French,
//! Spanish, Russian and Arabic; jieba word segmentation for Chinese), a default analyzer for
//! every other language, an exact-but-case-blind analyzer for document symbols, and language
//! detection for records that do not say their language.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

use super::stem::{RememberingStemmer, StemLanguage, stem_once};

/// Languages with their own analyzer (BCP 47 primary subtags).
pub const ANALYZED: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];

/// The field suffix for text in any other language.
pub const OTHER: &str = "xx";

/// Tokens longer than this many bytes are dropped (hashes, base64, run-together noise).
const MAX_TOKEN_BYTES: usize = 40;

/// Name of the analyzer for a language code from [`ANALYZED`] or [`OTHER`].
pub fn analyzer_name(language: &str) -> String {
    format!("plenary_{language}")
}

/// Name of the symbol analyzer.
pub const SYMBOL_ANALYZER: &str = "plenary_symbol";

/// The stemmer of a language code and whether its stems are folded to ASCII afterwards:
/// French and Spanish stemmers keep accents, and folding after stemming lets "événement" and
/// "evenement" meet. Russian and Arabic are not folded (the Arabic stemmer already normalises
/// its alef forms).
fn stemming(language: &str) -> Option<(StemLanguage, bool)> {
    Some(match language {
        "en" => (StemLanguage::English, true),
        "fr" => (StemLanguage::French, true),
        "es" => (StemLanguage::Spanish, true),
        "ru" => (StemLanguage::Russian, false),
        "ar" => (StemLanguage::Arabic, false),
        _ => return None,
    })
}

/// Registers every analyzer with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    for language in ["en", "fr", "es", "ru", "ar"] {
        if let Some((stemmer, fold)) = stemming(language) {
            let builder = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(RememberingStemmer(stemmer));
            let analyzer =
                if fold { builder.filter(AsciiFoldingFilter).build() } else { builder.build() };
            manager.register(&analyzer_name(language), analyzer);
        }
    }
    let chinese =
        TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::with_ordinal_position_mode(true))
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(WordsOnly)
            .build();
    manager.register(&analyzer_name("zh"), chinese);
    let other = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    manager.register(&analyzer_name(OTHER), other);
    manager.register(
        SYMBOL_ANALYZER,
        TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build(),
    );
}

/// Loads the Chinese segmenter's dictionary in the background, so the first query or document
/// does not wait for it (it takes a few hundred milliseconds).
pub fn warm_up(manager: &TokenizerManager) {
    let manager = manager.clone();
    let spawned =
        std::thread::Builder::new().name("plenary-jieba-warm-up".into()).spawn(move || {
            terms(&manager, &analyzer_name("zh"), "国际和平及安全");
        });
    if let Err(err) = spawned {
        tracing::warn!(error = %err, "cannot warm up the Chinese segmenter");
    }
}

/// The analyzer field suffix for a record's language tag: its primary subtag when analyzed,
/// otherwise [`OTHER`].
pub fn field_language(tag: &str) -> &'static str {
    let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
    ANALYZED.iter().find(|code| **code == primary).copied().unwrap_or(OTHER)
}

/// Detects the language of `text` (BCP 47 primary subtag) when detection is reliable.
pub fn detect(text: &str) -> Option<&'static str> {
    let sample: String = text.chars().take(2000).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    Some(match info.lang() {
        whatlang::Lang::Eng => "en",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Rus => "ru",
        whatlang::Lang::Ara => "ar",
        whatlang::Lang::Cmn => "zh",
        other => other.code(),
    })
}

/// True for characters the Chinese analyzer must segment (CJK ideographs and kana).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Finds the words of a text that a language's analyzer turns into one of a query's terms,
/// for highlighting, at a fraction of the analyzer's cost: words are split as the analyzer
/// splits them, and only those that begin like a term are lowercased and stemmed (running the
/// analyzer over every word of each hit's snippet window was a fifth of a search's cost). Other
/// words cannot equal a term once analysed.
pub struct TermMatcher {
    terms: Vec<String>,
    /// Lowercase first letters of the terms.
    initials: Vec<char>,
    /// Stems are folded to ASCII: any word beginning with a non-ASCII letter may match.
    fold: bool,
    language: StemLanguage,
    /// ASCII folding of non-ASCII stems (tantivy's filter, for the same foldings).
    folder: TextAnalyzer,
    lowered: String,
}

impl TermMatcher {
    /// For analysed `terms` in `language`; `None` where stemming may change how a word begins
    /// (Arabic strips prefixes) or the language is not stemmed.
    pub fn new(language: &str, terms: &[String]) -> Option<TermMatcher> {
        let (language, fold) = stemming(language).filter(|(l, _)| *l != StemLanguage::Arabic)?;
        let mut initials: Vec<char> = terms.iter().filter_map(|t| t.chars().next()).collect();
        // The Russian stemmer may spell a leading ё as е.
        if initials.iter().any(|c| matches!(c, 'е' | 'ё')) {
            initials.extend(['е', 'ё']);
        }
        Some(TermMatcher {
            terms: terms.to_vec(),
            initials,
            fold,
            language,
            folder: TextAnalyzer::builder(RawTokenizer::default())
                .filter(AsciiFoldingFilter)
                .build(),
            lowered: String::new(),
        })
    }

    /// The byte ranges of the words in `text` that match a term, in order.
    pub fn find(&mut self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    if self.matches(&text[from..at]) {
                        found.push(from..at);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        found
    }

    /// Whether one word (as the tokenizer splits it) analyses to a term.
    fn matches(&mut self, word: &str) -> bool {
        if word.len() >= MAX_TOKEN_BYTES {
            return false;
        }
        let first = word.chars().next().and_then(|c| c.to_lowercase().next());
        let candidate =
            first.is_some_and(|c| self.initials.contains(&c) || (self.fold && !c.is_ascii()));
        if !candidate {
            return false;
        }
        // As tantivy's LowerCaser does it: ASCII in place, otherwise char by char.
        self.lowered.clear();
        if word.is_ascii() {
            self.lowered.push_str(word);
            self.lowered.make_ascii_lowercase();
        } else {
            self.lowered.extend(word.chars().flat_map(char::to_lowercase));
        }
        stem_once(self.language, &mut self.lowered);
        if self.fold && !self.lowered.is_ascii() {
            let folded = terms_of(&mut self.folder, &self.lowered);
            return folded.iter().any(|f| self.terms.contains(f));
        }
        self.terms.contains(&self.lowered)
    }
}

/// Drops tokens with no letter or digit (jieba emits punctuation and spaces as tokens).
#[derive(Clone, Copy)]
struct WordsOnly;

impl TokenFilter for WordsOnly {
    type Tokenizer<T: Tokenizer> = WordsOnlyTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordsOnlyTokenizer<T> {
        WordsOnlyTokenizer(tokenizer)
    }
}

#[derive(Clone)]
struct WordsOnlyTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for WordsOnlyTokenizer<T> {
    type TokenStream<'a> = WordsOnlyStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordsOnlyStream(self.0.token_stream(text))
    }
}

struct WordsOnlyStream<S>(S);

impl<S: TokenStream> TokenStream for WordsOnlyStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if self.0.token().text.chars().any(char::is_alphanumeric) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// The terms `analyzer` makes of `text` (for tests and query segmentation).
pub fn terms(manager: &TokenizerManager, analyzer: &str, text: &str) -> Vec<String> {
    manager.get(analyzer).map(|mut analyzer| terms_of(&mut analyzer, text)).unwrap_or_default()
}

/// The terms `analyzer` makes of `text`.
pub(super) fn terms_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manager() -> TokenizerManager {
        let manager = TokenizerManager::default();
        register(&manager);
        manager
    }

    #[test]
    fn stemming_and_folding_per_language() {
        let m = manager();
        assert_eq!(terms(&m, "plenary_en", "Regulations regulating"), ["regul", "regul"]);
        assert_eq!(terms(&m, "plenary_fr", "Événements"), terms(&m, "plenary_fr", "evenement"));
        assert_eq!(terms(&m, "plenary_ru", "правами"), terms(&m, "plenary_ru", "права"));
        assert!(!terms(&m, "plenary_ar", "الإنسان").is_empty());
    }

    /// Where a query's terms occur, the highlighter agrees with the full analyzer.
    #[test]
    fn the_highlighter_finds_terms_where_the_analyzer_does() {
        let m = manager();
        let samples = [
            (
                "en",
                "Dying regulations",
                "Regulators were dying; the regulation of dyes, skies and early news. REGULATIONS!",
            ),
            (
                "fr",
                "Événements nationaux",
                "Les évènements et l'événement national; des nations évidentes.",
            ),
            (
                "es",
                "Naciones derechos",
                "Las Naciones Unidas y el derecho; los derechos de la nación.",
            ),
            ("ru", "Права ёлки", "Права человека, правами и ёлками; елка и право на жизнь."),
        ];
        for (language, query, text) in samples {
            let name = analyzer_name(language);
            let wanted = terms(&m, &name, query);
            let found = |analyzer: &mut TextAnalyzer| {
                let mut stream = analyzer.token_stream(text);
                let mut out = Vec::new();
                while stream.advance() {
                    let token = stream.token();
                    if wanted.contains(&token.text) {
                        out.push((token.offset_from, token.text.clone()));
                    }
                }
                out
            };
            let full = found(&mut m.get(&name).unwrap());
            assert!(full.len() >= 2, "{language}: {full:?}");
            let mut matcher = TermMatcher::new(language, &wanted).unwrap();
            let fast: Vec<(usize, String)> = matcher
                .find(text)
                .into_iter()
                .map(|range| (range.start, terms(&m, &name, &text[range])[0].clone()))
                .collect();
            assert_eq!(fast, full, "{language}");
        }
        assert!(TermMatcher::new("ar", &["حق".to_owned()]).is_none());
        assert!(TermMatcher::new("zh", &["自由".to_owned()]).is_none());
    }

    #[test]
    fn chinese_is_segmented_into_words_without_punctuation() {
        let m = manager();
        let words = terms(&m, "plenary_zh", "人人生而自由，在尊严和权利上一律平等。");
        assert!(words.contains(&"自由".to_string()), "{words:?}");
        assert!(words.iter().all(|w| w.chars().any(char::is_alphanumeric)), "{words:?}");
    }

    #[test]
    fn symbols_match_whole_and_case_blind() {
        let m = manager();
        assert_eq!(
            terms(&m, SYMBOL_ANALYZER, "OECD/GOV/RPC(2017)5/REV1"),
            ["oecd/gov/rpc(2017)5/rev1"]
        );
    }

    #[test]
    fn languages_map_to_fields_and_are_detected() {
        assert_eq!(field_language("fr-CA"), "fr");
        assert_eq!(field_language("zh-Hans"), "zh");
        assert_eq!(field_language("de"), OTHER);
        assert_eq!(
            detect("Tous les êtres humains naissent libres et égaux en dignité et en droits."),
            Some("fr")
        );
        assert_eq!(
            detect("Все люди рождаются свободными и равными в своем достоинстве и правах."),
            Some("ru")
        );
    }
}
