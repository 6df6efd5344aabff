//! The words samizdat itself puts into a book (page titles, colophon phrases, the FPO
//! description), in the book's language where a translation exists, else in English. One table
//! serves both backends, so the e-book and the printed book always agree.

use crate::model::{Lang, Metadata};

/// The generated words of one language.
#[derive(Debug)]
pub struct Labels {
    /// The cover (its page in the e-book, and its landmark).
    pub cover: &'static str,
    pub title_page: &'static str,
    pub contents: &'static str,
    pub picture_credits: &'static str,
    pub colophon: &'static str,
    pub start_of_text: &'static str,
    pub landmarks: &'static str,
    /// The heading of the e-book's list of printed pages.
    pub pages: &'static str,
    /// Before the authors' names in the colophon ("by A. Writer").
    pub by: &'static str,
    /// Between the last two names of a list ("A, B and C").
    pub and: &'static str,
    pub published_by: &'static str,
    pub date_of_publication: &'static str,
    pub identifier: &'static str,
    /// The e-book colophon's closing line.
    pub made_with: &'static str,
    /// The printed colophon's "typeset with samizdat in" (the family name follows).
    pub typeset_with: &'static str,
    /// The text alternative of an FPO placeholder, before its caption.
    pub placeholder: &'static str,
    /// The text alternatives of a task list item's box: done (☑) and not done (☐).
    pub task_done: &'static str,
    pub task_open: &'static str,
}

const EN: Labels = Labels {
    cover: "Cover",
    title_page: "Title page",
    contents: "Contents",
    picture_credits: "Picture credits",
    colophon: "Colophon",
    start_of_text: "Start of text",
    landmarks: "Landmarks",
    pages: "Pages",
    by: "by ",
    and: " and ",
    published_by: "Published by ",
    date_of_publication: "Date of publication: ",
    identifier: "Identifier ",
    made_with: "Made with samizdat from the author\u{2019}s manuscript.",
    typeset_with: "Typeset with samizdat in",
    placeholder: "Placeholder for a picture not yet supplied: ",
    task_done: "done",
    task_open: "not done",
};

const RU: Labels = Labels {
    cover: "Обложка",
    title_page: "Титульный лист",
    contents: "Содержание",
    picture_credits: "Источники иллюстраций",
    colophon: "Выходные сведения",
    start_of_text: "Начало текста",
    landmarks: "Ориентиры",
    pages: "Страницы",
    by: "",
    and: " и ",
    published_by: "Издатель: ",
    date_of_publication: "Дата издания: ",
    identifier: "Идентификатор ",
    made_with: "Свёрстано программой samizdat по рукописи автора.",
    typeset_with: "Свёрстано программой samizdat, шрифт",
    placeholder: "Место для иллюстрации, которой пока нет: ",
    task_done: "выполнено",
    task_open: "не выполнено",
};

const DE: Labels = Labels {
    cover: "Umschlag",
    title_page: "Titelseite",
    contents: "Inhalt",
    picture_credits: "Bildnachweis",
    colophon: "Impressum",
    start_of_text: "Textbeginn",
    landmarks: "Orientierungspunkte",
    pages: "Seiten",
    by: "von ",
    and: " und ",
    published_by: "Verlag: ",
    date_of_publication: "Erscheinungsdatum: ",
    identifier: "Kennung ",
    made_with: "Mit samizdat aus dem Manuskript des Autors erstellt.",
    typeset_with: "Gesetzt mit samizdat, Schrift",
    placeholder: "Platzhalter für ein noch fehlendes Bild: ",
    task_done: "erledigt",
    task_open: "offen",
};

const FR: Labels = Labels {
    cover: "Couverture",
    title_page: "Page de titre",
    contents: "Table des matières",
    picture_credits: "Crédits photographiques",
    colophon: "Colophon",
    start_of_text: "Début du texte",
    landmarks: "Repères",
    pages: "Pages",
    by: "par ",
    and: " et ",
    published_by: "Publié par ",
    date_of_publication: "Date de publication : ",
    identifier: "Identifiant ",
    made_with: "Réalisé avec samizdat à partir du manuscrit de l\u{2019}auteur.",
    typeset_with: "Composé avec samizdat en",
    placeholder: "Emplacement d\u{2019}une illustration à venir : ",
    task_done: "fait",
    task_open: "à faire",
};

/// The labels of a language, by its primary subtag (`ru-RU` is Russian); English otherwise.
pub fn for_lang(lang: &Lang) -> &'static Labels {
    match lang.primary().as_str() {
        "ru" => &RU,
        "de" => &DE,
        "fr" => &FR,
        _ => &EN,
    }
}

/// "A", "A and B", "A, B and C": names listed in the book's language.
pub fn names(names: &[String], labels: &Labels) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{}{last}", init.join(", "), labels.and),
    }
}

/// What an identifier `prefix…` (`urn:isbn:`, `urn:uuid:`; the prefix in any case) names after
/// its prefix, else `None`.
fn after_prefix<'a>(identifier: &'a str, prefix: &str) -> Option<&'a str> {
    let head = identifier.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| identifier[prefix.len()..].trim())
}

/// The ISBN an identifier `urn:isbn:…` names, else `None`.
pub fn isbn(identifier: &str) -> Option<&str> {
    after_prefix(identifier, "urn:isbn:")
}

/// The UUID an identifier `urn:uuid:…` names (the prefix in any case, as a URN's is), else
/// `None`; whether it is a well-formed UUID is the caller's to check.
pub fn uuid(identifier: &str) -> Option<&str> {
    after_prefix(identifier, "urn:uuid:")
}

/// The book's identifier as printed for its readers: "ISBN 978…" for an ISBN, nothing for a UUID
/// (generated or given, it tells a reader nothing), any other after its label.
pub fn printed_identifier(identifier: &str, labels: &Labels) -> Option<String> {
    if let Some(isbn) = isbn(identifier) {
        return Some(format!("ISBN {isbn}"));
    }
    uuid(identifier)
        .is_none()
        .then(|| format!("{}{identifier}", labels.identifier))
}

/// What a line of the colophon gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Particular {
    Title,
    Authors,
    Publisher,
    Date,
    Rights,
    Identifier,
}

/// The book's particulars as its colophon gives them, in order and worded in its language. Both
/// backends print these lines, then each its own of how the book was made.
pub fn colophon(meta: &Metadata) -> Vec<(Particular, String)> {
    let labels = for_lang(&meta.language);
    let mut lines = vec![(Particular::Title, meta.full_title())];
    if !meta.authors.is_empty() {
        let by = format!("{}{}", labels.by, names(&meta.authors, labels));
        lines.push((Particular::Authors, by));
    }
    if let Some(publisher) = &meta.publisher {
        let line = format!("{}{publisher}", labels.published_by);
        lines.push((Particular::Publisher, line));
    }
    if let Some(date) = &meta.date {
        let line = format!("{}{date}", labels.date_of_publication);
        lines.push((Particular::Date, line));
    }
    if let Some(rights) = &meta.rights {
        lines.push((Particular::Rights, rights.clone()));
    }
    if let Some(identifier) = printed_identifier(&meta.identifier, labels) {
        lines.push((Particular::Identifier, identifier));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_in_the_language() {
        let names = |v: &[&str], tag| {
            let v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
            super::names(&v, labels(tag))
        };
        assert_eq!(names(&["A"], "en"), "A");
        assert_eq!(names(&["A", "B"], "en"), "A and B");
        assert_eq!(names(&["A", "B", "C"], "en"), "A, B and C");
        assert_eq!(names(&["A", "B"], "de"), "A und B");
    }

    #[test]
    fn an_identifier_prints_as_an_isbn_or_under_its_label_and_a_uuid_not_at_all() {
        let en = labels("en");
        let printed = |id| printed_identifier(id, en);
        assert_eq!(
            printed("urn:isbn:978-3-16-148410-0").as_deref(),
            Some("ISBN 978-3-16-148410-0")
        );
        assert_eq!(
            printed("URN:ISBN: 9780000000002").as_deref(),
            Some("ISBN 9780000000002")
        );
        assert_eq!(printed("urn:uuid:0e3d-42"), None);
        assert_eq!(printed("URN:UUID:0e3d-42"), None);
        assert_eq!(
            printed("https://example.org/b").as_deref(),
            Some("Identifier https://example.org/b")
        );
    }

    fn labels(tag: &str) -> &'static Labels {
        for_lang(&Lang::parse(tag).expect("a tag"))
    }

    #[test]
    fn primary_subtag_chooses() {
        assert_eq!(labels("ru-RU").contents, "Содержание");
        assert_eq!(labels("RU").contents, "Содержание");
        assert_eq!(labels("en-GB").contents, "Contents");
        assert_eq!(labels("de").contents, "Inhalt");
        assert_eq!(labels("fr-CA").contents, "Table des matières");
        assert_eq!(labels("pt").contents, "Contents");
    }
}
