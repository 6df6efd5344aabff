//! The words the backend itself puts into a book (page titles, colophon phrases, the FPO
//! description), in the book's language where a translation exists, else in English.

/// The generated words of one language.
#[derive(Debug)]
pub struct Labels {
    pub title_page: &'static str,
    pub contents: &'static str,
    pub picture_credits: &'static str,
    pub colophon: &'static str,
    pub start_of_text: &'static str,
    pub landmarks: &'static str,
    /// Before the authors' names in the colophon ("by A. Writer").
    pub by: &'static str,
    /// Between the last two names of a list ("A, B and C").
    pub and: &'static str,
    pub published_by: &'static str,
    pub date_of_publication: &'static str,
    pub identifier: &'static str,
    pub made_with: &'static str,
    /// The text alternative of an FPO placeholder, before its caption.
    pub placeholder: &'static str,
}

const EN: Labels = Labels {
    title_page: "Title page",
    contents: "Contents",
    picture_credits: "Picture credits",
    colophon: "Colophon",
    start_of_text: "Start of text",
    landmarks: "Landmarks",
    by: "by ",
    and: " and ",
    published_by: "Published by ",
    date_of_publication: "Date of publication: ",
    identifier: "Identifier ",
    made_with: "Made with samizdat from the author\u{2019}s manuscript.",
    placeholder: "Placeholder for a picture not yet supplied: ",
};

const RU: Labels = Labels {
    title_page: "Титульный лист",
    contents: "Содержание",
    picture_credits: "Источники иллюстраций",
    colophon: "Выходные сведения",
    start_of_text: "Начало текста",
    landmarks: "Ориентиры",
    by: "",
    and: " и ",
    published_by: "Издатель: ",
    date_of_publication: "Дата издания: ",
    identifier: "Идентификатор ",
    made_with: "Свёрстано программой samizdat по рукописи автора.",
    placeholder: "Место для иллюстрации, которой пока нет: ",
};

/// The labels for a BCP 47 tag, by its primary language subtag (`ru-RU` is Russian).
pub fn for_language(tag: &str) -> &'static Labels {
    let primary = tag.split(['-', '_']).next().unwrap_or(tag);
    if primary.eq_ignore_ascii_case("ru") {
        &RU
    } else {
        &EN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_subtag_chooses() {
        assert_eq!(for_language("ru-RU").contents, "Содержание");
        assert_eq!(for_language("RU").contents, "Содержание");
        assert_eq!(for_language("en-GB").contents, "Contents");
        assert_eq!(for_language("de").contents, "Contents");
    }
}
