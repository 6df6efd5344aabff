//! Page-level assertions on small books: where notes, headings, figures and paragraph ends land.

use std::path::Path;

use samizdat::layout::{paginate, Item, Layout, Paginated};
use samizdat::model::{Block, Book, ImageFormat, Inline, SourcePos};
use samizdat::style::{Looseness, WidowControl};
use samizdat::text::{FontBook, Hyphenator};

use crate::common::model_books::{
    self as book, chapter, missing_figure, note, para, section, text,
};

crate::tests![
    notes_sit_at_the_foot_of_their_marks_page_and_long_ones_continue,
    no_widows_orphans_or_stranded_headings_whatever_the_lengths,
    a_figure_that_does_not_fit_on_an_opening_page_goes_below_the_heading,
    a_figure_that_does_not_fit_goes_to_the_next_page_and_text_fills_the_gap,
    a_picture_a_little_too_tall_is_set_smaller_where_it_is_called,
    front_matter_is_roman_and_contents_give_body_page_numbers,
    figures_keep_their_order_when_the_first_floats,
    a_long_chapter_title_runs_in_one_shortened_line,
    three_pictures_leave_no_page_more_than_a_third_empty,
    a_hole_is_closed_by_a_paragraph_set_a_line_longer,
    placeholders_take_the_styles_height,
    attributions_keep_their_dash_and_links_show_their_address,
];

fn lay_out(book: &Book) -> Paginated {
    lay_out_with(book, WidowControl::UnlessAHole)
}

/// `book` laid out in the default style with `widow_control`.
fn lay_out_with(book: &Book, widow_control: WidowControl) -> Paginated {
    let mut style = samizdat::style::load("default", Path::new(".")).expect("style");
    style.style.print.page.widow_control = widow_control;
    let fonts = FontBook::load(&style).expect("fonts");
    let hyphenator = Hyphenator::for_book(book, &style.style.print.text);
    paginate(book, &style, &fonts, &hyphenator)
}

/// A book of one chapter, `c`, titled `title` and holding `blocks`, laid out.
fn lay_out_chapter(title: &str, blocks: Vec<Block>) -> Paginated {
    lay_out(&book::book(title, vec![chapter("c", 1, title, blocks)]))
}

/// The index of the page holding anchor `id`.
fn page_of(layout: &Layout, id: &str) -> Option<usize> {
    layout
        .pages
        .iter()
        .position(|p| p.anchors.iter().any(|(a, _)| a == id))
}

/// The page label of the page holding anchor `id`.
fn label_of(layout: &Layout, id: &str) -> String {
    page_of(layout, id)
        .map(|i| layout.pages[i].label.clone())
        .unwrap_or_default()
}

/// A paragraph with a unique first word, so tests can find it.
fn tagged(tag: &str, seed: usize, sentences: usize) -> Block {
    Block::Paragraph {
        content: text(&format!("{tag} {}", book::prose(seed, sentences))),
        at: SourcePos { line: 1, column: 1 },
    }
}

fn marked(tag: &str, seed: usize, sentences: usize, chapter: &str, number: u32) -> Block {
    let mut content = text(&format!("{tag} {}", book::prose(seed, 1)));
    content.push(Inline::NoteRef {
        id: format!("{chapter}-fnref-{number}"),
        note: format!("{chapter}-fn-{number}"),
        number,
    });
    content.push(Inline::Text {
        text: format!(" {}", book::prose(seed + 1, sentences)),
    });
    Block::Paragraph {
        content,
        at: SourcePos { line: 3, column: 1 },
    }
}

fn notes_sit_at_the_foot_of_their_marks_page_and_long_ones_continue() {
    // Page 1 is full of text; the marks fall on page 2; note 2 is far too long for one foot.
    let mut blocks: Vec<Block> = (0..6).map(|i| para(i, 5)).collect();
    blocks.push(marked("Marked", 1, 3, "c", 1));
    blocks.push(marked("Again", 2, 2, "c", 2));
    blocks.extend((0..8).map(|i| para(i + 3, 5)));
    let mut c = chapter("c", 1, "Notes", blocks);
    c.footnotes = vec![note("c", 1, 1), note("c", 2, 40)];
    let out = lay_out(&book::book("Notes", vec![c]));
    let layout = &out.layout;
    assert_eq!(label_of(layout, "c-fnref-1"), "2", "{}", layout.dump());
    assert_eq!(label_of(layout, "c-fn-1"), "2");
    assert_eq!(label_of(layout, "c-fnref-2"), "2");
    assert_eq!(label_of(layout, "c-fn-2"), "2");
    // The long note goes on at the foot of page 3: note-size text below page 3's body.
    let p3 = layout
        .pages
        .iter()
        .position(|p| p.label == "3")
        .expect("page 3");
    let note_runs = layout.pages[p3]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Text(run) if run.size.0 < 9.0 && run.y.0 < 560.0))
        .count();
    assert!(
        note_runs > 5,
        "page 3 has no continued note:\n{}",
        layout.page_text(p3)
    );
    assert_eq!(out.report.notes_off_page, 0, "{:?}", out.report);
    assert_eq!(out.report.notes_split, 1, "{:?}", out.report);
    // Note 1 comes before note 2 at the foot of page 2.
    let p2 = page_of(layout, "c-fn-1").expect("note 1");
    let y = |id: &str| {
        layout.pages[p2]
            .anchors
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, y)| y.0)
    };
    assert!(y("c-fn-1") < y("c-fn-2"));
}

fn no_widows_orphans_or_stranded_headings_whatever_the_lengths() {
    // Shift everything by one sentence at a time, so every paragraph end and heading meets the
    // page foot somewhere in the series.
    let mut lone_lines = 0;
    for shift in 0..14 {
        let mut c = chapter(
            "c",
            1,
            "Breaks",
            vec![para(0, 2 + shift), para(1, 4), para(2, 3)],
        );
        for s in 0..4 {
            let blocks = (0..4).map(|i| para(i + s, 2 + (i * 3 + s) % 5)).collect();
            c.sections
                .push(section(&format!("s{s}"), &format!("Section {s}"), blocks));
        }
        let book = book::book("Breaks", vec![c]);
        let out = lay_out_with(&book, WidowControl::Always);
        let r = &out.report;
        assert_eq!(
            (r.widows, r.orphans, r.stranded_headings),
            (0, 0, 0),
            "shift {shift}: {}",
            r.summary()
        );
        // By default widow control gives way only to fill a page that would end a hole short:
        // then there are fewer holes, and never a stranded heading.
        let yielding = lay_out(&book).report;
        let lone = yielding.widows + yielding.orphans;
        assert!(
            lone <= r.pages_with_holes,
            "shift {shift}: {}",
            yielding.summary()
        );
        assert_eq!(
            yielding.pages_with_holes + lone,
            r.pages_with_holes,
            "shift {shift}: {} against {}",
            yielding.summary(),
            r.summary()
        );
        assert_eq!(yielding.stranded_headings, 0, "shift {shift}");
        lone_lines += lone;
        // Independently of the report: every section heading has two lines after it on its page.
        for s in 0..4 {
            let id = format!("s{s}");
            let p = page_of(&out.layout, &id).expect("heading placed");
            let page = &out.layout.pages[p];
            let (_, top) = page.anchors.iter().find(|(a, _)| *a == id).expect("anchor");
            let below = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text(run) if run.y.0 > top.0 + 20.0 && run.size.0 == 10.0))
                .count();
            assert!(below >= 2, "shift {shift}: heading {id} stranded");
        }
    }
    // The series has a page that only a lone line fills, or the test tests nothing.
    assert!(lone_lines > 0);
}

/// The frame's top and the baselines of the page's body text (the default style's 10 pt), in
/// points from the page's top.
fn frame_and_text(layout: &Layout, page: usize) -> (Option<f64>, Vec<f64>) {
    let items = &layout.pages[page].items;
    let frame = items.iter().find_map(|i| match i {
        Item::Frame { y, .. } => Some(y.0),
        _ => None,
    });
    let text = items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) if (run.size.0 - 10.0).abs() < 0.01 => Some(run.y.0),
            _ => None,
        })
        .collect();
    (frame, text)
}

/// A figure that does not fit after its paragraph on a chapter's opening page goes below the
/// chapter's heading, above the paragraph (the heading keeps the page's top): no deferral.
fn a_figure_that_does_not_fit_on_an_opening_page_goes_below_the_heading() {
    let blocks = vec![
        para(0, 10),
        Block::Figure(missing_figure("fig-1", "A tall picture")),
        tagged("Afterwards", 2, 8),
        para(3, 10),
    ];
    let out = lay_out_chapter("Figures", blocks);
    let layout = &out.layout;
    let first = page_of(layout, "c").expect("chapter");
    assert_eq!(page_of(layout, "fig-1"), Some(first), "{}", layout.dump());
    assert_eq!(out.report.figures_deferred, 0);
    assert_eq!(out.report.figures_deferred_furthest, 0);
    let heading = layout.pages[first].items.iter().find_map(|i| match i {
        Item::Text(run) if run.size.0 > 15.0 => Some(run.y.0),
        _ => None,
    });
    let (frame, text) = frame_and_text(layout, first);
    let frame = frame.expect("a frame");
    assert!(heading.is_some_and(|h| h < frame), "{}", layout.dump());
    // The body text is all below the frame.
    assert!(text.iter().all(|&y| y > frame), "{}", layout.dump());
    assert!(!text.is_empty());
}

/// Later in a chapter, a figure whose paragraph it would push off the page if it went to the
/// page's top waits for the next page's top, and the text after it fills the gap.
fn a_figure_that_does_not_fit_goes_to_the_next_page_and_text_fills_the_gap() {
    // A first paragraph of some length leaves the figure's paragraph at the foot of a recto.
    let found = (20..160).step_by(2).find_map(|sentences| {
        let blocks = vec![
            para(0, sentences),
            tagged("Before", 1, 2),
            Block::Figure(missing_figure("fig-1", "A tall picture")),
            tagged("Afterwards", 2, 8),
            para(3, 10),
        ];
        let out = lay_out_chapter("Figures", blocks);
        (out.report.figures_deferred == 1).then_some(out)
    });
    let out = found.expect("some length of the first paragraph defers the figure");
    // To the top of the very next page: the report says how far it went.
    assert_eq!(out.report.figures_deferred_furthest, 1);
    let layout = &out.layout;
    let figure = page_of(layout, "fig-1").expect("figure");
    // The report names the page, as printed.
    assert_eq!(
        out.report.pages_with.deferred_figures,
        [label_of(layout, "fig-1")]
    );
    assert!(figure > 0 && layout.page_text(figure - 1).contains("Afterwards"));
    assert!(layout.page_text(figure - 1).contains("Before"));
    // The figure is at the top of its page: a frame before any body text.
    let (frame, text) = frame_and_text(layout, figure);
    assert!(frame.is_some_and(|y| y < 70.0), "{frame:?}");
    assert!(text.iter().all(|&y| frame.is_some_and(|f| y > f)));
}

/// A picture (3:2, as wide as the measure) `blocks` call after a paragraph of `sentences`.
fn called_picture(sentences: usize) -> Vec<Block> {
    let lamp = Path::new("lamp.png");
    let picture = book::present_figure("fig-1", lamp, ImageFormat::Png, (3000, 2000));
    vec![
        para(0, sentences),
        tagged("Before", 1, 2),
        Block::Figure(picture),
        tagged("Afterwards", 2, 8),
        para(3, 10),
    ]
}

/// The picture of `layout`'s page `page`: x, width, height.
fn picture_on(layout: &Layout, page: usize) -> Option<(f64, f64, f64)> {
    layout.pages[page].items.iter().find_map(|i| match i {
        Item::Image {
            x, width, height, ..
        } => Some((x.0, width.0, height.0)),
        _ => None,
    })
}

/// A picture that misses the room left where it is called by a little is set smaller there,
/// its proportions kept and centred as before, rather than floated to the next page; never
/// below 85 % of its size.
fn a_picture_a_little_too_tall_is_set_smaller_where_it_is_called() {
    // First paragraphs of some lengths leave a little less room than the picture takes.
    let laid: Vec<_> = (20..60)
        .filter_map(|sentences| {
            let out = lay_out_chapter("Pictures", called_picture(sentences));
            let page = page_of(&out.layout, "fig-1")?;
            let set = picture_on(&out.layout, page)?;
            Some((out, page, set))
        })
        .collect();
    // Its full size: as wide as the measure, the tallest it is set.
    let (x, width, height) =
        laid.iter()
            .map(|l| l.2)
            .fold((0.0, 0.0, 0.0), |a, b| if b.2 > a.2 { b } else { a });
    let smaller = laid.iter().find(|l| l.2 .2 < height - 0.01);
    let (out, page, (x2, width2, height2)) = smaller.expect("a picture set smaller");
    assert!(*height2 >= height * 0.85 - 0.01, "{height2} of {height}");
    assert!((width2 / height2 - width / height).abs() < 1e-6);
    assert!((x2 + width2 / 2.0 - (x + width / 2.0)).abs() < 0.01);
    // Where it is called, after its paragraph, with nothing deferred.
    let text = out.layout.page_text(*page);
    assert!(text.contains("Before"), "{}", out.layout.dump());
    assert_eq!(out.report.figures_deferred, 0, "{}", out.report.summary());
}

fn front_matter_is_roman_and_contents_give_body_page_numbers() {
    let out = lay_out(&book::sample());
    let layout = &out.layout;
    let labels: Vec<&str> = layout.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(&labels[..6], ["i", "ii", "iii", "iv", "v", "vi"]);
    assert_eq!(labels[6], "1");
    assert_eq!(layout.first_arabic_page, 6);
    assert_eq!(label_of(layout, "one"), "1");
    let two = label_of(layout, "two");
    let contents = layout.page_text(4);
    assert!(contents.contains("Contents"), "{contents}");
    assert!(
        contents.contains(&format!("2. Paper and Print {two}")),
        "{contents}"
    );
    // A `##` section is listed under its chapter with its own page.
    let provinces = label_of(layout, "one-provinces");
    assert!(
        contents.contains(&format!("In the provinces {provinces}")),
        "{contents}"
    );
    // Picture credits at the back, with the figure's page.
    let last = layout.pages.len() - 1;
    let credits = layout.page_text(last);
    assert!(credits.contains("Picture credits"), "{credits}");
    let fig = label_of(layout, "fig-1-1");
    assert!(credits.contains(&format!(" {fig}")), "{credits}");
    // Chapter 2 opens on a new page with no running head and its folio at the foot.
    let p = page_of(layout, "two").expect("two");
    assert!(!layout.page_text(p).starts_with("Pages Under Test"));
}

fn figures_keep_their_order_when_the_first_floats() {
    let strip = Path::new("wide.png");
    let wide = book::present_figure("fig-wide", strip, ImageFormat::Png, (4000, 400));
    let blocks = vec![
        para(0, 10),
        Block::Figure(missing_figure("fig-tall", "A tall picture")),
        Block::Figure(wide),
        tagged("Afterwards", 2, 8),
    ];
    let out = lay_out_chapter("Order", blocks);
    let layout = &out.layout;
    let tall = page_of(layout, "fig-tall").expect("tall");
    let wide = page_of(layout, "fig-wide").expect("wide");
    let y = |p: usize, id: &str| {
        layout.pages[p]
            .anchors
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, y)| y.0)
    };
    assert!(
        tall < wide || (tall == wide && y(tall, "fig-tall") < y(wide, "fig-wide")),
        "figures out of order: tall on {tall}, wide on {wide}"
    );
    // Both go below the opening page's heading, the text after them on the page too.
    let opening = page_of(layout, "c").expect("c");
    assert_eq!(tall, opening, "{}", layout.dump());
    assert_eq!(out.report.figures_deferred, 0);
}

fn a_long_chapter_title_runs_in_one_shortened_line() {
    let title = "A very long title that goes on and on ".repeat(6);
    let blocks = (0..40).map(|n| tagged("Body", n, 4)).collect();
    let b = book::book("Long", vec![chapter("long", 1, title.trim(), blocks)]);
    let laid = lay_out(&b);
    // A recto after the opening carries the chapter's running head above the text block.
    let (index, page) = laid
        .layout
        .pages
        .iter()
        .enumerate()
        .skip(laid.layout.first_arabic_page + 1)
        .find(|(i, p)| !p.opening && (i - laid.layout.first_arabic_page) % 2 == 0)
        .expect("a recto after the opening");
    // The page's first line: the running head (and the folio on the same baseline).
    let text = laid.layout.page_text(index);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("A very long title"), "{first:?}");
    assert!(
        first.contains('\u{2026}'),
        "shortened with an ellipsis: {first:?}"
    );
    assert_eq!(
        text.matches("A very long title").count(),
        first.matches("A very long title").count(),
        "the head takes one line"
    );
    assert!(!page.opening);
}

/// The text block's top and bottom in the default style (A5, margins 20 and 26 mm, whole lines
/// of 13.5 pt).
fn text_block() -> (f64, f64) {
    let top = 20.0 * 72.0 / 25.4;
    let lines = ((210.0 - 46.0) * 72.0 / 25.4 / 13.5_f64).floor();
    (top, top + lines * 13.5)
}

/// How far down a page's body reaches (body text, pictures, frames, captions), and whether it
/// has body text at all (text at the body size, not only captions).
fn reach(page: &samizdat::layout::Page) -> (f64, bool) {
    let (top, bottom) = text_block();
    let mut lowest = top;
    let mut text = false;
    for item in &page.items {
        let low = match item {
            Item::Text(run) => {
                text |= (run.size.0 - 10.0).abs() < 0.01 && run.y.0 > top && run.y.0 <= bottom;
                run.y.0
            }
            Item::Image { y, height, .. } | Item::Frame { y, height, .. } => y.0 + height.0,
            _ => continue,
        };
        // Running heads sit above the block and folios below it.
        if low > top && low <= bottom + 1.0 {
            lowest = lowest.max(low);
        }
    }
    (lowest, text)
}

/// The book of the report, three chapters and three pictures (two close to their
/// chapter's end): no page is more than a third empty except a chapter's last page, and that
/// page holds text (a picture never floats past its chapter onto a page of its own).
fn three_pictures_leave_no_page_more_than_a_third_empty() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/three-pictures");
    let parsed = crate::common::parse(&dir);
    let book = parsed.book.expect("the three-pictures book parses");
    let style = samizdat::style::load("default", &dir).expect("style");
    let fonts = FontBook::load(&style).expect("fonts");
    let hyphenator = Hyphenator::for_book(&book, &style.style.print.text);
    let paginated = paginate(&book, &style, &fonts, &hyphenator);
    let layout = &paginated.layout;
    let (top, bottom) = text_block();
    // The chapters' pages: the picture-credits page (anchor `samizdat-credits`) closes the book.
    let credits = page_of(layout, "samizdat-credits").unwrap_or(layout.pages.len());
    let body: Vec<usize> = (layout.first_arabic_page..credits)
        .filter(|&i| !layout.pages[i].items.is_empty())
        .collect();
    let mut pictures = 0;
    for (n, &i) in body.iter().enumerate() {
        let page = &layout.pages[i];
        pictures += page
            .items
            .iter()
            .filter(|item| matches!(item, Item::Image { .. }))
            .count();
        let (lowest, text) = reach(page);
        let chapter_end = body
            .get(n + 1)
            .is_none_or(|&next| layout.pages[next].opening);
        let empty = (bottom - lowest) / (bottom - top);
        crate::log!(
            "page {}: {:.0} % empty, text {text}",
            page.label,
            empty * 100.0
        );
        if chapter_end {
            assert!(
                text,
                "page {} ends a chapter with pictures only",
                page.label
            );
        } else {
            assert!(
                empty <= 1.0 / 3.0,
                "page {} is {:.0} % empty",
                page.label,
                empty * 100.0
            );
        }
    }
    assert_eq!(pictures, 3, "every picture is placed once");
    // Before figures could be brought up, the upright picture of chapter 2 floated to the top of
    // the chapter's last page, after its text.
    assert_eq!(
        paginated.report.figures_deferred,
        0,
        "{}",
        paginated.report.summary()
    );
}

/// The looseness test book: set at their best, its second chapter's second page ends two lines
/// short (the next paragraph has three lines, and two would leave a widow), and no spread set a
/// line long or short closes it. Paragraphs on the page set a line longer do, within the line
/// breaker's tolerance (no loose line); `looseness = "never"` leaves the hole.
fn a_hole_is_closed_by_a_paragraph_set_a_line_longer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/looseness");
    let book = crate::common::parse(&dir)
        .book
        .expect("the looseness book parses");
    // Widow control always kept: the hole is the looseness's to mend, or it stays.
    let lay_out_with = |looseness: Looseness, widow_control: WidowControl| {
        let mut style = samizdat::style::load("default", &dir).expect("style");
        style.style.print.page.looseness = looseness;
        style.style.print.page.widow_control = widow_control;
        let fonts = FontBook::load(&style).expect("fonts");
        let hyphenator = Hyphenator::for_book(&book, &style.style.print.text);
        paginate(&book, &style, &fonts, &hyphenator).report
    };
    let best = lay_out_with(Looseness::Never, WidowControl::Always);
    assert_eq!(best.pages_with_holes, 1, "{}", best.summary());
    assert_eq!(best.paragraphs_loosened, 0, "{}", best.summary());
    let mended = lay_out_with(Looseness::Mend, WidowControl::Always);
    assert_eq!(mended.pages_with_holes, 0, "{}", mended.summary());
    assert!(mended.paragraphs_loosened >= 1, "{}", mended.summary());
    assert!(
        mended.pages_with.loosened.len() <= mended.paragraphs_loosened,
        "{:?}",
        mended.pages_with
    );
    // No line looser than the tolerance, no more pages, and what else the pages had stays.
    assert_eq!(mended.loose_lines, 0, "{}", mended.summary());
    assert_eq!(mended.pages, best.pages, "{}", mended.summary());
    assert_eq!(mended.widows + mended.orphans, 0, "{}", mended.summary());
    assert_eq!(mended.lines, best.lines + mended.paragraphs_loosened);
    // Widow control given way where a hole is left (the default): a lone line fills the page
    // when nothing else does, but a paragraph set a line longer costs less, and mends it.
    let lone = lay_out_with(Looseness::Never, WidowControl::UnlessAHole);
    assert_eq!(lone.pages_with_holes, 0, "{}", lone.summary());
    assert_eq!(lone.widows + lone.orphans, 1, "{}", lone.summary());
    let both = lay_out_with(Looseness::Mend, WidowControl::UnlessAHole);
    assert_eq!(both.pages_with_holes, 0, "{}", both.summary());
    assert_eq!(both.widows + both.orphans, 0, "{}", both.summary());
    assert!(both.paragraphs_loosened >= 1, "{}", both.summary());
}

/// A picture that does not exist yet gets a frame of `print.page.placeholder_height` (a third of
/// the text block when absent), at full measure.
fn placeholders_take_the_styles_height() {
    let frames = |style: &samizdat::style::LoadedStyle| {
        let book = book::book(
            "Frames",
            vec![chapter(
                "one",
                1,
                "One",
                vec![
                    para(1, 2),
                    Block::Figure(missing_figure("fig-a", "A frame.")),
                    para(2, 2),
                ],
            )],
        );
        let fonts = FontBook::load(style).expect("fonts");
        let hyphenator = Hyphenator::for_book(&book, &style.style.print.text);
        let layout = paginate(&book, style, &fonts, &hyphenator).layout;
        layout
            .pages
            .iter()
            .flat_map(|p| p.items.iter())
            .find_map(|item| match item {
                Item::Frame { height, .. } => Some(height.0),
                _ => None,
            })
            .expect("a frame")
    };
    let mut style = samizdat::style::load("default", Path::new(".")).expect("style");
    let (top, bottom) = text_block();
    let third = (210.0 - 46.0) * 72.0 / 25.4 / 3.0;
    assert!(
        (frames(&style) - third).abs() < 0.01,
        "{} against {third}",
        frames(&style)
    );
    assert!(third < bottom - top);
    style.style.print.page.placeholder_height = Some(samizdat::style::Length::mm(40.0));
    assert!((frames(&style) - 40.0 * 72.0 / 25.4).abs() < 0.01);
}

/// A quote's attribution is printed with its em dash (the parser took it away; the e-book puts it
/// back too); an external link's address follows its text, unless the text is the address; a
/// bare address breaks only after a slash.
fn attributions_keep_their_dash_and_links_show_their_address() {
    use samizdat::model::LinkTarget;
    let link = |words: &str, url: &str| Inline::Link {
        target: LinkTarget::External {
            url: url.to_owned(),
        },
        content: text(words),
    };
    let long = "https://example.org/a/rather/long/path/to/some/document/that/goes/on/index.html";
    let mut content = text("A paragraph with ");
    content.push(link("a link to the press", "https://example.org/press"));
    content.extend(text(" in the middle of it, and a bare address "));
    content.push(link(long, long));
    content.extend(text(&format!(" in a sentence. {}", book::prose(3, 2))));
    let blocks = vec![
        Block::Paragraph {
            content,
            at: SourcePos { line: 1, column: 1 },
        },
        Block::Quote {
            blocks: vec![para(4, 1)],
            attribution: Some(text("A. Printer")),
        },
    ];
    let book = book::book("Details", vec![chapter("one", 1, "One", blocks)]);
    let layout = lay_out(&book).layout;
    let text: String = (0..layout.pages.len())
        .map(|i| layout.page_text(i))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("\u{2014}\u{a0}A. Printer"), "{text}");
    assert!(
        text.contains("press https://example.org/press in"),
        "{text}"
    );
    assert_eq!(text.matches("example.org/a/rather").count(), 1, "{text}");
    for line in text.lines() {
        let tail = line.rsplit(' ').next().unwrap_or_default();
        if tail.contains("example.org/a/") || tail.starts_with("to/") {
            assert!(
                tail.ends_with('/') || tail.ends_with(".html"),
                "an address broken elsewhere than after a slash: {line}"
            );
        }
    }
}
