//! The booklet's PDF as objects: sheet sizes, page placement, creep, turned backs, forms made of
//! the reading PDF's own streams, the cover, and the options on the command line and in the style.

use std::path::Path;
use std::process::Command;

use samizdat::build::{BookletRequest, Format, Status};
use samizdat::pdf::PdfOptions;
use samizdat::style::{CoverMode, Duplex, Signature};
use samizdat::units::Pt;

use crate::common::booklet::{book, build_booklet, output, reading_pdf, sides, style};
use crate::common::{self, Scratch};

crate::tests![
    sheets_follow_the_page_and_the_marks_and_bleed,
    a_sheet_too_small_writes_nothing,
    pages_sit_at_the_fold_with_their_bleed_outside,
    long_edge_backs_are_turned_half_a_turn,
    creep_moves_inner_sheets_toward_the_fold_within_a_hundredth_of_a_point,
    every_page_is_a_form_of_the_reading_pdfs_own_stream,
    the_reading_pdf_is_the_same_with_or_without_a_booklet,
    the_booklet_and_cover_are_the_same_whatever_the_threads,
    a_separate_cover_goes_to_its_own_file,
    a_cover_picture_is_drawn_on_the_front,
    a_missing_cover_picture_is_an_error_at_its_key,
    booklet_settings_out_of_range_are_errors_in_the_style,
    the_command_line_checks_the_booklet_options,
    calibrate_writes_its_sheet,
];

/// Each page's MediaBox of a PDF, as [width, height].
fn media_boxes(pdf: &[u8]) -> Vec<[f64; 2]> {
    let doc = lopdf::Document::load_mem(pdf).expect("reads back");
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).expect("page");
            let media = page
                .get(b"MediaBox")
                .and_then(|o| o.as_array())
                .expect("box");
            let n: Vec<f64> = media
                .iter()
                .map(|o| o.as_float().expect("a number") as f64)
                .collect();
            [n[2] - n[0], n[3] - n[1]]
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

fn mm(v: f64) -> f64 {
    Pt::from_mm(v).0
}

fn sheet_of(dir: &Path, pdf: PdfOptions) -> [f64; 2] {
    let built = build_booklet(dir, &[Format::Pdf], BookletRequest::default(), pdf);
    let boxes = media_boxes(output(&built, ".booklet.pdf"));
    assert!(boxes.windows(2).all(|w| w[0] == w[1]), "{boxes:?}");
    boxes[0]
}

fn sheets_follow_the_page_and_the_marks_and_bleed() {
    let a5 = book("booklet-a5", 3, "", &[]);
    let a4 = sheet_of(&a5, PdfOptions::default());
    assert!(close(a4[0], mm(297.0)) && close(a4[1], mm(210.0)), "{a4:?}");
    let shop = PdfOptions {
        bleed: Pt::from_mm(3.0),
        marks: true,
        ..PdfOptions::default()
    };
    let sra4 = sheet_of(&a5, shop);
    assert!(
        close(sra4[0], mm(320.0)) && close(sra4[1], mm(225.0)),
        "{sra4:?}"
    );
    for (trim, long, short) in [
        ("A6", mm(210.0), mm(148.0)),
        ("5.5x8.5in", 792.0, 612.0),
        ("A4", mm(420.0), mm(297.0)),
    ] {
        let text = style("").replace("trim = \"A5\"", &format!("trim = \"{trim}\""));
        let dir = book(
            "booklet-trim",
            2,
            "style = \"style.toml\"\n",
            &[("style.toml", &text)],
        );
        let sheet = sheet_of(&dir, PdfOptions::default());
        assert!(
            close(sheet[0], long) && close(sheet[1], short),
            "{trim}: {sheet:?}"
        );
    }
    let a3 = book(
        "booklet-a3",
        2,
        "style = \"style.toml\"\n",
        &[("style.toml", &style("sheet = \"A3\""))],
    );
    let sheet = sheet_of(&a3, PdfOptions::default());
    assert!(close(sheet[0], mm(420.0)) && close(sheet[1], mm(297.0)));
}

fn a_sheet_too_small_writes_nothing() {
    let dir = book(
        "booklet-small",
        2,
        "style = \"style.toml\"\n",
        &[("style.toml", &style("sheet = \"A4\""))],
    );
    let marks = PdfOptions {
        bleed: Pt::ZERO,
        marks: true,
        ..PdfOptions::default()
    };
    let built = build_booklet(
        &dir,
        &[Format::Epub, Format::Pdf],
        BookletRequest::default(),
        marks,
    );
    assert_eq!(built.status, Status::ContentErrors);
    assert!(built.outputs.is_empty(), "all or none");
    let messages: Vec<String> = built.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains(
            "cannot impose the booklet: two 148 × 210 mm pages side by side, with their bleed and marks, need a sheet of 304 × 218 mm, larger than A4"
        ) && m.contains("hint: name a larger sheet")),
        "{messages:?}"
    );
}

fn pages_sit_at_the_fold_with_their_bleed_outside() {
    let dir = book("booklet-place", 3, "", &[]);
    let bleed = Pt::from_mm(3.0).0;
    let pdf = PdfOptions {
        bleed: Pt(bleed),
        marks: false,
        ..PdfOptions::default()
    };
    let request = BookletRequest {
        cover: Some(CoverMode::None),
        ..BookletRequest::default()
    };
    let built = build_booklet(&dir, &[Format::Pdf], request, pdf);
    let booklet = output(&built, ".booklet.pdf");
    let [width, height] = media_boxes(booklet)[0];
    let (fold, w, h) = (width / 2.0, mm(148.0), mm(210.0));
    let foot = (height - h) / 2.0;
    // The outer sheet: creep 0. The left page's trim ends at the fold; its clip takes the
    // bleed on the left, top and bottom, and stops at the fold.
    let outer = sides(booklet);
    let side = outer[..2]
        .iter()
        .find(|side| side.drawn.len() == 2)
        .expect("a side of the outer sheet with two pages");
    let [left, right] = [&side.drawn[0], &side.drawn[1]];
    let [.., x, y] = left.matrices[0];
    assert!(close(x, fold - w) && close(y, foot), "{left:?}");
    let expected = [fold - w - bleed, foot - bleed, w + bleed, h + 2.0 * bleed];
    assert!(
        left.clip.iter().zip(expected).all(|(a, b)| close(*a, b)),
        "{left:?}"
    );
    let [.., x, _] = right.matrices[0];
    assert!(close(x, fold), "{right:?}");
    let expected = [fold, foot - bleed, w + bleed, h + 2.0 * bleed];
    assert!(
        right.clip.iter().zip(expected).all(|(a, b)| close(*a, b)),
        "{right:?}"
    );
    // The form's own box is the trim and the bleed, its trim moved to the origin.
    let doc = lopdf::Document::load_mem(booklet).expect("reads back");
    let form = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Form"))
        .expect("a form");
    let numbers = |key: &[u8]| -> Vec<f64> {
        let array = form
            .dict
            .get(key)
            .and_then(|o| o.as_array())
            .expect("array");
        array
            .iter()
            .map(|o| o.as_float().expect("number") as f64)
            .collect()
    };
    let (bbox, matrix) = (numbers(b"BBox"), numbers(b"Matrix"));
    let origin = -matrix[4];
    assert!(
        close(origin, bleed) && close(matrix[5], -bleed),
        "{matrix:?}"
    );
    let expected = [0.0, 0.0, w + 2.0 * bleed, h + 2.0 * bleed];
    assert!(
        bbox.iter().zip(expected).all(|(a, b)| close(*a, b)),
        "{bbox:?}"
    );
}

fn long_edge_backs_are_turned_half_a_turn() {
    let dir = book("booklet-duplex", 3, "", &[]);
    for (duplex, turned) in [(Duplex::Short, false), (Duplex::Long, true)] {
        let request = BookletRequest {
            duplex: Some(duplex),
            ..BookletRequest::default()
        };
        let built = build_booklet(&dir, &[Format::Pdf], request, PdfOptions::default());
        let booklet = output(&built, ".booklet.pdf");
        let [width, height] = media_boxes(booklet)[0];
        for (n, side) in sides(booklet).iter().enumerate() {
            let back = n % 2 == 1;
            match side.turn {
                Some([a, b, c, d, e, f]) => {
                    assert!(turned && back, "side {n} turned ({duplex:?})");
                    assert_eq!([a, b, c, d], [-1.0, 0.0, 0.0, -1.0]);
                    assert!(close(e, width) && close(f, height));
                }
                None => assert!(!(turned && back), "side {n} not turned ({duplex:?})"),
            }
        }
    }
}

/// The x of each page's trim on both sides of sheet `n`, left pages first.
fn xs_of_sheet(booklet: &[u8], n: usize, fold: f64, w: f64) -> (Vec<f64>, Vec<f64>) {
    let all = sides(booklet);
    let xs = all[2 * n..2 * n + 2]
        .iter()
        .flat_map(|side| side.drawn.iter().map(|d| d.matrices[0][4]));
    xs.partition(|x| *x < fold - w / 2.0)
}

fn creep_moves_inner_sheets_toward_the_fold_within_a_hundredth_of_a_point() {
    let caliper = Pt::from_mm(0.25).0;
    let text = style("caliper = \"0.25mm\"");
    let dir = book(
        "booklet-creep",
        6,
        "style = \"style.toml\"\n",
        &[("style.toml", &text)],
    );
    let (fold, w) = (mm(297.0) / 2.0, mm(148.0));
    for (cover, signature) in [
        (CoverMode::None, None),
        (CoverMode::SelfCover, None),
        (CoverMode::None, Some(2)),
    ] {
        let request = BookletRequest {
            cover: Some(cover),
            signature: signature.map(|s| Signature::new(s).expect("a signature")),
            ..BookletRequest::default()
        };
        let built = build_booklet(&dir, &[Format::Pdf], request, PdfOptions::default());
        let booklet = output(&built, ".booklet.pdf");
        let sheets = sides(booklet).len() / 2;
        assert!(sheets >= 4, "{sheets} sheets");
        let last = sheets - 1;
        // With two-sheet signatures, the last sheet is the inner one of its signature.
        let depth = if signature.is_some() { 1 } else { last };
        for (n, k) in [(0, 0), (last, depth)] {
            let shift = k as f64 * caliper;
            let (left, right) = xs_of_sheet(booklet, n, fold, w);
            assert!(!left.is_empty() && !right.is_empty(), "sheet {n}");
            assert!(
                left.iter().all(|x| close(*x, fold - w + shift))
                    && right.iter().all(|x| close(*x, fold - shift)),
                "{cover:?} {signature:?}: sheet {n} at depth {k}: {left:?} {right:?}"
            );
        }
    }
}

/// The raw (still deflated) bytes of each stream of `doc` by object id.
fn raw_stream(doc: &lopdf::Document, id: lopdf::ObjectId) -> Vec<u8> {
    doc.get_object(id)
        .and_then(|o| o.as_stream())
        .map(|s| s.content.clone())
        .expect("a stream")
}

fn every_page_is_a_form_of_the_reading_pdfs_own_stream() {
    let dir = book("booklet-forms", 3, "", &[]);
    let built = build_booklet(
        &dir,
        &[Format::Pdf],
        BookletRequest::default(),
        PdfOptions::default(),
    );
    let reading = lopdf::Document::load_mem(reading_pdf(&built)).expect("reading PDF");
    let booklet = lopdf::Document::load_mem(output(&built, ".booklet.pdf")).expect("booklet");
    let pages: Vec<Vec<u8>> = reading
        .get_pages()
        .values()
        .map(|id| {
            let page = reading.get_dictionary(*id).expect("page");
            let contents = page
                .get(b"Contents")
                .and_then(|c| c.as_reference())
                .expect("ref");
            raw_stream(&reading, contents)
        })
        .collect();
    let mut found = 0;
    for page_id in booklet.get_pages().values() {
        let page = booklet.get_dictionary(*page_id).expect("sheet side");
        let resources = page
            .get(b"Resources")
            .and_then(|r| r.as_dict())
            .expect("resources");
        let forms = resources
            .get(b"XObject")
            .and_then(|x| x.as_dict())
            .expect("forms");
        for (name, id) in forms.iter() {
            let name = String::from_utf8_lossy(name).into_owned();
            let Some(index) = name.strip_prefix("S0P") else {
                continue;
            };
            let index: usize = index.parse().expect("a page index");
            let form = raw_stream(&booklet, id.as_reference().expect("a form"));
            assert!(
                form == pages[index],
                "form {name} is not page {index}'s stream"
            );
            found += 1;
        }
    }
    assert_eq!(found, pages.len(), "every reading page drawn once");
}

fn the_reading_pdf_is_the_same_with_or_without_a_booklet() {
    let dir = book("booklet-same", 3, "", &[]);
    let plain = samizdat::build::build(
        &dir,
        &samizdat::build::BuildOptions {
            formats: vec![Format::Pdf],
            ..Default::default()
        },
    );
    let with = build_booklet(
        &dir,
        &[Format::Pdf],
        BookletRequest::default(),
        PdfOptions::default(),
    );
    assert!(reading_pdf(&plain) == reading_pdf(&with));
    let names: Vec<&str> = with.outputs.iter().map(|o| o.file_name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[2].ends_with(".booklet.pdf"), "{names:?}");
}

fn the_booklet_and_cover_are_the_same_whatever_the_threads() {
    let dir = book("booklet-threads", 3, "", &[]);
    let request = BookletRequest {
        cover: Some(CoverMode::Separate),
        ..BookletRequest::default()
    };
    let outputs = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool");
        let built = pool.install(|| {
            build_booklet(
                &dir,
                &[Format::Epub, Format::Pdf],
                request,
                PdfOptions::default(),
            )
        });
        assert_eq!(built.status, Status::Built);
        built.outputs
    };
    let (one, four) = (outputs(1), outputs(4));
    assert_eq!(one.len(), 5);
    for (a, b) in one.iter().zip(&four) {
        assert!(a.bytes == b.bytes, "{} differs", a.file_name);
    }
}

fn a_separate_cover_goes_to_its_own_file() {
    let dir = book("booklet-separate", 3, "", &[]);
    let request = BookletRequest {
        cover: Some(CoverMode::Separate),
        ..BookletRequest::default()
    };
    let built = build_booklet(&dir, &[Format::Pdf], request, PdfOptions::default());
    let cover = output(&built, ".cover.pdf");
    let cover_sides = sides(cover);
    assert_eq!(cover_sides.len(), 2, "one sheet");
    // Outside: the back (left) and the front (right), pages 3 and 0 of the cover; inside: the
    // two blank insides, drawn all the same.
    let forms: Vec<&str> = cover_sides[0]
        .drawn
        .iter()
        .map(|d| d.form.as_str())
        .collect();
    assert_eq!(forms, ["S1P3", "S1P0"]);
    // The booklet starts with the reading pages: the half title on the first front's right.
    let first = &sides(output(&built, ".booklet.pdf"))[0];
    assert!(first.drawn.iter().any(|d| d.form == "S0P0"), "{first:?}");
    assert!(
        first.drawn.iter().all(|d| !d.form.starts_with("S1")),
        "{first:?}"
    );
}

fn a_cover_picture_is_drawn_on_the_front() {
    let picture = common::png(300, 420);
    let dir = book("booklet-picture", 2, "cover = \"images/cover.png\"\n", &[]);
    std::fs::create_dir_all(dir.join("images")).expect("images");
    std::fs::write(dir.join("images/cover.png"), &picture).expect("picture");
    let built = build_booklet(
        &dir,
        &[Format::Epub, Format::Pdf],
        BookletRequest::default(),
        PdfOptions::default(),
    );
    let booklet = lopdf::Document::load_mem(output(&built, ".booklet.pdf")).expect("booklet");
    let images = booklet
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
        .count();
    assert_eq!(images, 1, "the cover picture, embedded once");
    let epub = output(&built, ".epub");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    let mut cover = Vec::new();
    std::io::Read::read_to_end(
        &mut zip
            .by_name("OEBPS/images/cover.png")
            .expect("the cover image"),
        &mut cover,
    )
    .expect("read");
    assert!(
        cover == picture,
        "the e-book's cover is the picture as it is"
    );
}

fn a_missing_cover_picture_is_an_error_at_its_key() {
    let dir = book(
        "booklet-no-picture",
        1,
        "cover = \"images/nope.jpg\"\n",
        &[],
    );
    let parsed = common::parse(&dir);
    let messages = common::messages(&dir, &parsed);
    assert_eq!(
        messages,
        ["book.toml:7:1: error: cannot use the cover picture `images/nope.jpg`: no such file\n  \
          hint: name a JPEG or PNG file inside the book folder, such as images/cover.jpg"],
    );
}

fn booklet_settings_out_of_range_are_errors_in_the_style() {
    for (setting, words) in [
        (
            "caliper = \"5mm\"",
            "a paper caliper of 5 mm is out of range: write 0.03 to 1 mm",
        ),
        (
            "signature = 40",
            "a signature of 40 sheets is out of range: write 1 to 32",
        ),
        ("duplex = \"both\"", "unknown value `both` in the style"),
        ("sheet = \"B5\"", "unknown value `B5` in the style"),
        (
            "sheet = \"A5\"",
            "the booklet's sheet (A5) cannot hold two 148 × 210 mm pages side by side",
        ),
    ] {
        let text = style(setting);
        let dir = book(
            "booklet-range",
            1,
            "style = \"style.toml\"\n",
            &[("style.toml", &text)],
        );
        let built = build_booklet(
            &dir,
            &[Format::Pdf],
            BookletRequest::default(),
            PdfOptions::default(),
        );
        assert_eq!(built.status, Status::ContentErrors, "{setting}");
        // Located at the setting's line in the style file.
        let line = text.lines().position(|l| l == setting).expect("the line") + 1;
        let place = format!("style.toml:{line}:");
        let messages: Vec<String> = built.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains(words) && m.contains(&place)),
            "{setting}: {messages:?}"
        );
    }
}

fn samizdat(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run samizdat")
}

fn the_command_line_checks_the_booklet_options() {
    let dir = book("booklet-cli", 2, "", &[]);
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let alone = samizdat(&["build", ".", "--duplex", "long"], &dir);
    assert_eq!(alone.status.code(), Some(2));
    assert!(stderr(&alone).contains("--booklet"), "{}", stderr(&alone));
    let zero = samizdat(&["build", ".", "--booklet", "--signature", "0"], &dir);
    assert_eq!(zero.status.code(), Some(2));
    assert!(
        stderr(&zero).contains("a signature of 0 sheets is out of range"),
        "{}",
        stderr(&zero)
    );
    let built = samizdat(
        &[
            "build",
            ".",
            "--out",
            "out",
            "--format",
            "pdf",
            "--booklet",
            "--duplex",
            "long",
            "--cover",
            "separate",
            "--signature",
            "2",
        ],
        &dir,
    );
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let mut names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.retain(|name| !name.starts_with('.') && name != "manifest.json");
    names.sort();
    let name = samizdat::build::output_name(&dir);
    let expected: Vec<String> = ["booklet.pdf", "cover.pdf", "pdf", "report.json"]
        .iter()
        .map(|ext| format!("{name}.{ext}"))
        .collect();
    assert_eq!(names, expected);
}

fn calibrate_writes_its_sheet() {
    let dir = Scratch::new("booklet-calibrate");
    let written = samizdat(&["calibrate", "--out", "here", "--paper", "letter"], &dir);
    assert_eq!(written.status.code(), Some(0));
    let pdf = std::fs::read(dir.join("here/calibration.pdf")).expect("the sheet");
    let boxes = media_boxes(&pdf);
    assert_eq!(boxes, [[792.0, 612.0], [792.0, 612.0]]);
    let back = &sides(&pdf)[1];
    // The long-edge message, on the right, is drawn turned half a turn about its page.
    let turned = &back.drawn[1];
    assert_eq!(turned.matrices.len(), 2, "{turned:?}");
    assert_eq!(turned.matrices[1][..4], [-1.0, 0.0, 0.0, -1.0]);
    assert_eq!(back.drawn[0].matrices.len(), 1);
}
