//! Hyphenation as a book asks for it: its language, its exceptions, the style's minimums.

use samizdat::model::Book;
use samizdat::style::TextStyle;
use samizdat::text::Hyphenator;

crate::tests![
    english_book_with_exceptions,
    the_language_picks_the_patterns,
    the_style_can_turn_hyphenation_off_and_set_minimums,
];

fn book(language: &str, exceptions: &[&str]) -> Book {
    let json = serde_json::json!({
        "metadata": {
            "title": "T", "subtitle": null, "authors": [], "language": language,
            "identifier": "urn:uuid:0", "date": null, "publisher": null, "rights": null,
            "description": null, "subjects": [], "modified": "1970-01-01T00:00:00Z"
        },
        "style": "default",
        "hyphenation": { "exceptions": exceptions },
        "chapters": [], "credits": [], "anchors": {}
    });
    serde_json::from_value(json).expect("a minimal book")
}

fn english_book_with_exceptions() {
    let h = Hyphenator::for_book(
        &book("en-GB", &["Bol-she-viks", "Trots-ky"]),
        &TextStyle::default(),
    );
    assert_eq!(h.missing_patterns(), None);
    assert_eq!(h.mark("revolutionary"), "rev-o-lu-tion-ary");
    assert_eq!(h.mark("Bolsheviks,"), "Bol-she-viks,");
    // Exceptions are the author's word: the style's three letters after do not apply.
    assert_eq!(h.mark("Trotsky"), "Trots-ky");
    assert_eq!(h.mark("counter-revolution"), "counter-|rev-o-lu-tion");
}

fn the_language_picks_the_patterns() {
    let style = TextStyle::default();
    let ru = Hyphenator::for_book(&book("ru", &[]), &style);
    assert_eq!(ru.mark("бюрократия"), "бю-ро-кра-тия");
    let de = Hyphenator::for_book(&book("de-AT", &[]), &style);
    assert_eq!(de.mark("Arbeiterbewegung"), "Ar-bei-ter-be-we-gung");
    let fr = Hyphenator::for_book(&book("fr-FR", &[]), &style);
    assert_eq!(fr.mark("bureaucratie"), "bu-reau-cra-tie");
    let none = Hyphenator::for_book(&book("tlh", &[]), &style);
    assert_eq!(none.missing_patterns(), Some("tlh"));
    assert_eq!(none.mark("anti-Soviet"), "anti-|Soviet");
}

fn the_style_can_turn_hyphenation_off_and_set_minimums() {
    let mut style = TextStyle::default();
    style.hyphenation.min_before = 3;
    style.hyphenation.min_after = 4;
    let h = Hyphenator::for_book(&book("en", &[]), &style);
    assert_eq!(h.mark("revolutionary"), "rev-o-lu-tionary");
    style.hyphenation.enabled = false;
    let off = Hyphenator::for_book(&book("en", &[]), &style);
    assert_eq!(off.mark("revolutionary"), "revolutionary");
    assert_eq!(off.mark("anti-Soviet"), "anti-|Soviet");
}
