//! Stemming (the Snowball stemmers tantivy uses, from the same crate), with a memory: each
//! thread remembers the stems of the words it has seen, per language. Word frequencies are
//! skewed — a few thousand words make up most of any text — so most words are looked up rather
//! than stemmed again, which made stemming the largest part of analysing a document.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per language and thread; the memory starts afresh when full (a few MiB).
const REMEMBERED: usize = 32_768;

/// A language with a stemmer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StemLanguage {
    /// Porter2.
    English,
    /// Snowball French.
    French,
    /// Snowball Spanish.
    Spanish,
    /// Snowball Russian.
    Russian,
    /// Snowball Arabic.
    Arabic,
}

impl StemLanguage {
    fn algorithm(self) -> frostem::Algorithm {
        match self {
            StemLanguage::English => frostem::Algorithm::English,
            StemLanguage::French => frostem::Algorithm::French,
            StemLanguage::Spanish => frostem::Algorithm::Spanish,
            StemLanguage::Russian => frostem::Algorithm::Russian,
            StemLanguage::Arabic => frostem::Algorithm::Arabic,
        }
    }
}

thread_local! {
    static REMEMBERED_STEMS: RefCell<[FxHashMap<Box<str>, Box<str>>; 5]> =
        RefCell::new(Default::default());
}

/// Replaces `word` (lowercased) by its stem, without remembering it: for the words of
/// snippets, which would fill the memory of every thread that answers searches.
pub fn stem_once(language: StemLanguage, word: &mut String) {
    if let std::borrow::Cow::Owned(stem) = frostem::Stemmer::new(language.algorithm()).stem(word) {
        *word = stem;
    }
}

/// Replaces `word` (lowercased) by its stem, remembered for this thread. The analyzers use it,
/// so it remembers the words of documents on the threads that index and the words of queries
/// on those that search.
pub fn stem_in_place(language: StemLanguage, word: &mut String) {
    REMEMBERED_STEMS.with_borrow_mut(|memory| {
        let memory = &mut memory[language as usize];
        if let Some(stem) = memory.get(word.as_str()) {
            if **stem != **word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem: Box<str> = frostem::Stemmer::new(language.algorithm()).stem(word).into();
        if memory.len() >= REMEMBERED {
            memory.clear();
        }
        memory.insert(word.as_str().into(), stem.clone());
        word.clear();
        word.push_str(&stem);
    })
}

/// A token filter that stems each token (see [`stem_in_place`]).
#[derive(Clone, Copy, Debug)]
pub struct RememberingStemmer(pub StemLanguage);

impl TokenFilter for RememberingStemmer {
    type Tokenizer<T: Tokenizer> = StemmingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmingTokenizer<T> {
        StemmingTokenizer { inner: tokenizer, language: self.0 }
    }
}

/// A tokenizer followed by [`RememberingStemmer`].
#[derive(Clone)]
pub struct StemmingTokenizer<T> {
    inner: T,
    language: StemLanguage,
}

impl<T: Tokenizer> Tokenizer for StemmingTokenizer<T> {
    type TokenStream<'a> = StemmingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmingStream { inner: self.inner.token_stream(text), language: self.language }
    }
}

/// See [`RememberingStemmer`].
pub struct StemmingStream<S> {
    inner: S,
    language: StemLanguage,
}

impl<S: TokenStream> TokenStream for StemmingStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        stem_in_place(self.language, &mut self.inner.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::analysis::terms_of as all;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    /// The same stems as tantivy's stemmer, the first time and from memory.
    #[test]
    fn remembered_stems_are_the_stemmers_stems() {
        let samples = [
            (StemLanguage::English, Language::English, "Regulations regulating the dying skies"),
            (StemLanguage::French, Language::French, "Les événements nationaux et l'évènement"),
            (StemLanguage::Spanish, Language::Spanish, "Las naciones unidas y los derechos"),
            (StemLanguage::Russian, Language::Russian, "Права человека, правами и ёлками"),
            (StemLanguage::Arabic, Language::Arabic, "لكل إنسان حق التمتع بكافة الحقوق"),
        ];
        for (ours, theirs, text) in samples {
            let mut reference = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(theirs))
                .build();
            let mut remembering = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(RememberingStemmer(ours))
                .build();
            let expected = all(&mut reference, text);
            assert!(!expected.is_empty());
            assert_eq!(all(&mut remembering, text), expected, "{ours:?}, first time");
            assert_eq!(all(&mut remembering, text), expected, "{ours:?}, from memory");
            let once: Vec<String> = all(&mut TextAnalyzer::from(SimpleTokenizer::default()), text)
                .into_iter()
                .map(|word| {
                    let mut word = word.to_lowercase();
                    stem_once(ours, &mut word);
                    word
                })
                .collect();
            assert_eq!(once, expected, "{ours:?}, not remembered");
        }
    }

    #[test]
    fn a_full_memory_starts_afresh() {
        let mut word = String::new();
        for n in 0..REMEMBERED + 10 {
            word.clear();
            word.push_str(&format!("word{n}s"));
            stem_in_place(StemLanguage::English, &mut word);
        }
        let size = REMEMBERED_STEMS.with_borrow(|memory| memory[0].len());
        assert!((10..=REMEMBERED).contains(&size), "{size}");
        let mut word = "regulations".to_owned();
        stem_in_place(StemLanguage::English, &mut word);
        assert_eq!(word, "regul");
    }
}
