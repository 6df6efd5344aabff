//! Issue 14 (hardening), one test per case: bad style values, files out of the book, the command
//! line's edges (closed pipes, books sharing a name, SOURCE_DATE_EPOCH) and the parser's limits.
//! Every case runs the real command line and checks the message, its place and the exit code.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common;

crate::tests![
    style_section_nan_is_a_located_error,
    style_outer_1e308mm_is_a_located_error,
    style_zero_negative_nan_and_infinite_sizes_are_located_errors,
    style_leading_below_the_size_is_a_located_error,
    style_trim_of_40_by_60_mm_is_a_located_error,
    style_margins_wider_than_the_page_are_a_located_error,
    style_unknown_key_is_located_with_a_did_you_mean,
    unknown_style_name_is_located_in_book_toml,
    style_errors_are_reported_with_the_markdown_and_follow_strict,
    style_css_outside_the_book_is_refused,
    style_font_and_css_linked_out_of_the_book_are_refused,
    chapter_linked_to_a_file_outside_the_book_is_refused,
    build_into_a_closed_stderr_pipe_ends_quietly_and_writes_its_outputs,
    model_into_a_closed_stdout_pipe_ends_quietly,
    two_books_with_the_same_folder_name_are_refused_before_anything_is_written,
    source_date_epoch_beyond_the_year_9999_or_garbage_is_a_warning_on_every_path,
    nested_quotes_8500_deep_are_a_located_error_not_a_crash,
    nested_emphasis_20000_deep_is_a_located_error_not_a_crash,
    a_list_10000_levels_deep_is_a_located_error_not_a_crash,
    nesting_100_deep_builds_both_formats,
    a_word_over_10000_characters_is_a_located_error,
    a_long_word_under_the_limit_is_a_warning_quoting_at_most_60_characters,
    a_heading_over_2000_characters_is_a_located_error,
    a_1_mb_heading_is_refused_before_layout,
    a_title_over_2000_characters_is_a_located_error,
    bleed_options_out_of_range_are_usage_errors,
    a_style_file_linked_out_of_its_folder_is_refused,
    footnote_labels_inside_each_other_are_a_located_error_not_a_blowup,
    a_picture_naming_a_device_outside_the_book_is_never_read_by_the_cache,
    thousands_of_sections_of_one_name_get_ids_in_order,
    a_book_of_more_than_5000_chapters_is_a_located_error,
];

fn samizdat(args: &[&str], cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_samizdat"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH");
    command
}

fn run(args: &[&str], cwd: &Path) -> Output {
    samizdat(args, cwd).output().expect("run samizdat")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A symbolic link at `link` to `target` (samizdat is built and tested on Unix).
fn symlink(target: &Path, link: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, link).expect("a symbolic link");
    #[cfg(not(unix))]
    panic!(
        "no symbolic link from {} to {}",
        link.display(),
        target.display()
    );
}

/// The default style with each `(line, replacement)` applied (the line must be there).
fn default_style_with(changes: &[(&str, &str)]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("styles/default.toml");
    let mut style = std::fs::read_to_string(path).expect("the default style");
    for (line, replacement) in changes {
        assert!(style.contains(line), "the default style has no `{line}`");
        style = style.replacen(line, replacement, 1);
    }
    style
}

/// A one-chapter book using `style` as `style.toml`; `check`s it and returns the output.
fn check_with_style(name: &str, style: &str) -> Output {
    let dir = common::book(
        name,
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nstyle = \"style.toml\"\n",
            ),
            ("a.md", "# A\n\nText.\n"),
            ("style.toml", style),
        ],
    );
    run(&["check", "."], &dir)
}

/// Asserts exit 1 and that the output's first diagnostic starts with `expected`.
fn assert_first_error(output: &Output, expected: &str) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    assert!(
        stderr(output).starts_with(expected),
        "expected {expected:?}, got:\n{}",
        stderr(output)
    );
}

fn style_section_nan_is_a_located_error() {
    let style = default_style_with(&[("section = 13.0", "section = nan")]);
    let output = check_with_style("style-nan", &style);
    assert_first_error(
        &output,
        "style.toml:40:11: error: `print.text.sizes.section` is NaN: out of range\n  \
         hint: write a value from 4 pt to 144 pt",
    );
}

fn style_outer_1e308mm_is_a_located_error() {
    let style = default_style_with(&[("outer = \"22mm\"", "outer = \"1e308mm\"")]);
    let output = check_with_style("style-1e308", &style);
    assert_first_error(
        &output,
        "style.toml:72:9: error: `1e308mm` is longer than any page (at most 1000 mm)",
    );
}

fn style_zero_negative_nan_and_infinite_sizes_are_located_errors() {
    for (i, value) in ["0.0", "-10.0", "nan", "inf"].into_iter().enumerate() {
        let style = default_style_with(&[("size = 10.0 ", &format!("size = {value} "))]);
        let output = check_with_style(&format!("style-size-{i}"), &style);
        assert_first_error(&output, "style.toml:16:8: error: `print.text.size` is ");
        assert!(stderr(&output).contains("write a value from 4 pt to 144 pt"));
    }
}

fn style_leading_below_the_size_is_a_located_error() {
    let style = default_style_with(&[("leading = 13.5", "leading = 8.0")]);
    let output = check_with_style("style-leading", &style);
    assert_first_error(
        &output,
        "style.toml:17:11: error: `print.text.leading` is 8 pt: out of range\n  \
         hint: write a value from 10 pt to 30 pt: from the size (set solid) to three times the size",
    );
}

fn style_trim_of_40_by_60_mm_is_a_located_error() {
    let style = default_style_with(&[(
        "trim = \"A5\"",
        "trim = { custom = { width = \"40mm\", height = \"60mm\" } }",
    )]);
    let output = check_with_style("style-trim", &style);
    assert_first_error(
        &output,
        "style.toml:55:29: error: `print.page.trim.custom.width` is 40 mm: out of range",
    );
    assert!(stderr(&output).contains(
        "style.toml:55:46: error: `print.page.trim.custom.height` is 60 mm: out of range"
    ));
}

fn style_margins_wider_than_the_page_are_a_located_error() {
    let style = default_style_with(&[("inner = \"16mm\"", "inner = \"150mm\"")]);
    assert_first_error(
        &check_with_style("style-margin", &style),
        "style.toml:71:9: error: `print.page.margins.inner` is 150 mm: out of range",
    );
    let style = default_style_with(&[("inner = \"16mm\"", "inner = \"110mm\"")]);
    assert_first_error(
        &check_with_style("style-measure", &style),
        "style.toml:72:9: error: the margins leave a measure of 16 mm on a page 148 mm wide",
    );
}

fn style_unknown_key_is_located_with_a_did_you_mean() {
    let style = default_style_with(&[("leading = 13.5", "leadin = 13.5")]);
    assert_first_error(
        &check_with_style("style-key", &style),
        "style.toml:17:1: error: unknown key `leadin` in the style\n  hint: did you mean `leading`?",
    );
}

fn unknown_style_name_is_located_in_book_toml() {
    let dir = common::book(
        "style-name",
        &[
            ("book.toml", "[book]\ntitle = \"T\"\nstyle = \"defualt\"\n"),
            ("a.md", "# A\n"),
        ],
    );
    let output = run(&["build", ".", "--out", "out"], &dir);
    assert_first_error(
        &output,
        "book.toml:3:1: error: no style named `defualt` (looked for styles/defualt.toml; built in: default)\n  \
         hint: did you mean `default`?",
    );
    assert!(
        book_outputs(&dir.join("out")).is_empty(),
        "nothing is written"
    );
}

/// The books' outputs in an output folder: its files but the batch's `manifest.json` (every run
/// writes it, with the books' statuses) and the cache's `.cache` folder.
fn book_outputs(out: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.path().is_file() && e.file_name() != "manifest.json")
        .map(|e| PathBuf::from(e.file_name()))
        .collect();
    files.sort();
    files
}

fn style_errors_are_reported_with_the_markdown_and_follow_strict() {
    let style = default_style_with(&[("quote = 9.5", "quote = 0.5")]);
    let dir = common::book(
        "style-with-markdown",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nstyle = \"style.toml\"\n",
            ),
            ("a.md", "# A\n\nText.\n\n[^x]: An unused note.\n"),
            ("style.toml", &style),
        ],
    );
    let output = run(&["check", "."], &dir);
    assert_eq!(output.status.code(), Some(1));
    // The diagnostics (not the hints, nor the line that says how the book ended).
    let lines: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        lines,
        [
            "a.md:5:1: warning: footnote `[^x]` is never referenced",
            "style.toml:42:9: error: `print.text.sizes.quote` is 0.5 pt: out of range",
        ]
    );
    let strict = run(&["check", ".", "--strict"], &dir);
    assert!(stderr(&strict).starts_with("a.md:5:1: error: footnote `[^x]` is never referenced"));
}

fn style_css_outside_the_book_is_refused() {
    let style = default_style_with(&[(
        "css = \"default.css\"",
        "css = \"../../../../etc/hostname\"",
    )]);
    let output = check_with_style("style-css", &style);
    assert_first_error(
        &output,
        "style.toml:11:7: error: `../../../../etc/hostname` leads outside the book folder and the style's folders",
    );
}

fn style_font_and_css_linked_out_of_the_book_are_refused() {
    let outside = common::book("style-link-outside", &[("secret.css", "body {}")]);
    let style = default_style_with(&[
        ("css = \"default.css\"", "css = \"linked.css\""),
        (
            "regular = \"Vollkorn-Regular.ttf\"",
            "regular = \"linked.ttf\"",
        ),
    ]);
    let dir = common::book(
        "style-link",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nstyle = \"style.toml\"\n",
            ),
            ("a.md", "# A\n"),
            ("style.toml", &style),
        ],
    );
    for name in ["linked.css", "linked.ttf"] {
        symlink(&outside.join("secret.css"), &dir.join(name));
    }
    let output = run(&["check", "."], &dir);
    assert_first_error(
        &output,
        "style.toml:5:11: error: `linked.ttf` leads outside the book folder and the style's folders",
    );
    assert!(stderr(&output).contains("style.toml:11:7: error: `linked.css` leads outside"));
}

fn chapter_linked_to_a_file_outside_the_book_is_refused() {
    let outside = common::book("chapter-link-outside", &[("secret.md", "# Secret\n")]);
    let dir = common::book("chapter-link", &[("a.md", "# A\n")]);
    symlink(&outside.join("secret.md"), &dir.join("b.md"));
    let output = run(&["check", "."], &dir);
    assert_first_error(
        &output,
        "b.md: error: cannot read the chapter: it leads outside the book folder",
    );
    common::write(
        &dir,
        "book.toml",
        "[book]\ntitle = \"T\"\nchapters = [\"a.md\", \"b.md\"]\n",
    );
    let listed = run(&["check", "."], &dir);
    assert_first_error(
        &listed,
        "book.toml:3:22: error: chapter `b.md`: cannot read the chapter: it leads outside the book folder",
    );
}

/// Starts a build whose stderr (or a model whose stdout) is closed at once by its reader.
fn with_closed_pipe(args: &[&str], cwd: &Path, close_stdout: bool) -> std::process::ExitStatus {
    let mut command = samizdat(args, cwd);
    if close_stdout {
        command.stdout(Stdio::piped()).stderr(Stdio::null());
    } else {
        command.stderr(Stdio::piped()).stdout(Stdio::null());
    }
    let mut child = command.spawn().expect("spawn");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("wait")
}

fn build_into_a_closed_stderr_pipe_ends_quietly_and_writes_its_outputs() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample");
    let scratch = common::Scratch::new("closed-stderr");
    let out = scratch.join("out");
    let out_arg = out.to_string_lossy().into_owned();
    let sample_arg = sample.to_string_lossy().into_owned();
    let args = ["build", &sample_arg, "--out", &out_arg, "--format", "epub"];
    let status = with_closed_pipe(&args, Path::new(env!("CARGO_MANIFEST_DIR")), false);
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(out.join("sample.epub").is_file());
}

fn model_into_a_closed_stdout_pipe_ends_quietly() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample");
    let sample_arg = sample.to_string_lossy().into_owned();
    let status = with_closed_pipe(
        &["model", &sample_arg],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        true,
    );
    assert_eq!(status.code(), Some(0), "{status:?}");
    // And a reader that takes 10 bytes and leaves.
    let mut child = samizdat(&["model", &sample_arg], Path::new("."))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut start = [0u8; 10];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut start)
        .expect("10 bytes");
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(0));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

fn two_books_with_the_same_folder_name_are_refused_before_anything_is_written() {
    let root = common::book("same-name", &[]);
    for dir in ["a/mybook", "b/mybook", "c/other"] {
        common::write(
            &root,
            &format!("{dir}/book.toml"),
            "[book]\ntitle = \"T\"\n",
        );
        common::write(&root, &format!("{dir}/a.md"), "# A\n\nText.\n");
    }
    let args = [
        "build", "a/mybook", "b/mybook", "c/other", "--out", "out", "--format", "epub",
    ];
    let output = run(&args, &root);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = "error: the books a/mybook and b/mybook share the folder name `mybook`, so \
                   their outputs (mybook.epub, mybook.pdf) would overwrite each other: none of \
                   them is built";
    assert!(
        stderr(&output).starts_with(&format!("a/mybook: {message}")),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains(&format!("b/mybook: {message}")));
    assert_eq!(
        book_outputs(&root.join("out")),
        [PathBuf::from("other.epub")]
    );
}

fn source_date_epoch_beyond_the_year_9999_or_garbage_is_a_warning_on_every_path() {
    let dir = common::book("source-date", &[("a.md", "# A\n\nText.\n")]);
    for value in ["253402300800", "garbage", "-1"] {
        for args in [
            &["check", "."][..],
            &["model", "."],
            &["build", ".", "--out", "out", "--format", "epub"],
        ] {
            let output = samizdat(args, &dir)
                .env("SOURCE_DATE_EPOCH", value)
                .output()
                .expect("run");
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            assert!(
                stderr(&output).starts_with(&format!(
                    "book.toml: warning: SOURCE_DATE_EPOCH `{value}` is not"
                )),
                "{args:?} {value}: {}",
                stderr(&output)
            );
            if args[0] == "model" {
                let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
                assert_eq!(json["metadata"]["modified"], "1970-01-01T00:00:00Z");
            }
        }
    }
}

/// Builds a one-chapter book of `markdown` and returns the output.
fn build_markdown(name: &str, markdown: &str) -> Output {
    let dir = common::book(name, &[("a.md", markdown)]);
    run(&["build", ".", "--out", "out"], &dir)
}

fn nested_quotes_8500_deep_are_a_located_error_not_a_crash() {
    let output = build_markdown("deep-quotes", &format!("# A\n\n{}x\n", "> ".repeat(8_500)));
    assert_first_error(
        &output,
        "a.md:3:201: error: quotes, lists and emphasis are nested more than 100 deep here",
    );
}

fn nested_emphasis_20000_deep_is_a_located_error_not_a_crash() {
    let markdown = format!("# A\n\n{}x{}\n", "*a ".repeat(20_000), "*".repeat(20_000));
    assert_first_error(
        &build_markdown("deep-emphasis", &markdown),
        "a.md:3:301: error: quotes, lists and emphasis are nested more than 100 deep here",
    );
}

fn a_list_10000_levels_deep_is_a_located_error_not_a_crash() {
    let output = build_markdown("deep-list", &format!("# A\n\n{}x\n", "- ".repeat(10_000)));
    assert_first_error(
        &output,
        "a.md:3:201: error: quotes, lists and emphasis are nested more than 100 deep here",
    );
}

fn nesting_100_deep_builds_both_formats() {
    let markdown = format!(
        "# A\n\n{}x\n\n{}y\n\n{}z{}\n",
        "> ".repeat(100),
        "- ".repeat(100),
        "*a ".repeat(100),
        "*".repeat(100)
    );
    let output = build_markdown("nesting-100", &markdown);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

fn a_word_over_10000_characters_is_a_located_error() {
    let markdown = format!("# A\n\nSome {} text.\n", "y".repeat(10_001));
    assert_first_error(
        &build_markdown("huge-word", &markdown),
        &format!(
            "a.md:3:6: error: a word of 10001 characters (“{}…”): the limit is 10000",
            "y".repeat(59)
        ),
    );
}

fn a_long_word_under_the_limit_is_a_warning_quoting_at_most_60_characters() {
    let markdown = format!("# A\n\nSome {} text.\n", "y".repeat(9_999));
    let output = build_markdown("long-word", &markdown);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let warning = stderr(&output)
        .lines()
        .find(|l| l.contains("overfull line"))
        .map(str::to_owned)
        .expect("an overfull-line warning");
    let quoted = warning.split('“').nth(1).expect("a quotation");
    assert!(quoted.chars().count() <= 61, "{warning}");
}

fn a_heading_over_2000_characters_is_a_located_error() {
    let markdown = format!("# {}\n\nText.\n", "word ".repeat(401));
    assert_first_error(
        &build_markdown("long-heading", &markdown),
        "a.md:1:1: error: a heading of more than 2000 characters",
    );
}

fn a_1_mb_heading_is_refused_before_layout() {
    let markdown = format!("# {}\n\nText.\n", "word ".repeat(200_000));
    let output = build_markdown("megabyte-heading", &markdown);
    assert_first_error(
        &output,
        "a.md:1:1: error: a heading of more than 2000 characters",
    );
}

/// The book's title is set like a heading (title page, a running head on every verso).
fn a_title_over_2000_characters_is_a_located_error() {
    let toml = format!("[book]\ntitle = \"{}\"\n", "word ".repeat(401));
    let dir = common::book("long-title", &[("book.toml", &toml), ("a.md", "# A\n")]);
    let output = run(&["check", "."], &dir);
    assert_first_error(
        &output,
        "book.toml:2:1: error: the title is longer than 2000 characters",
    );
}

fn bleed_options_out_of_range_are_usage_errors() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for bleed in ["1e308mm", "nanmm", "30mm"] {
        let output = run(&["build", "tests/books/sample", "--bleed", bleed], here);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{bleed}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains(&format!("invalid value '{bleed}' for '--bleed")));
    }
    let negative = run(&["build", "tests/books/sample", "--bleed=-3mm"], here);
    assert_eq!(negative.status.code(), Some(2), "{}", stderr(&negative));
}

fn a_style_file_linked_out_of_its_folder_is_refused() {
    let outside = common::book("style-file-outside", &[("house.toml", "[fonts]\n")]);
    let dir = common::book(
        "style-file-link",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nstyle = \"house.toml\"\n",
            ),
            ("a.md", "# A\n"),
        ],
    );
    symlink(&outside.join("house.toml"), &dir.join("house.toml"));
    let output = run(&["check", "."], &dir);
    assert_first_error(
        &output,
        "book.toml:3:1: error: cannot read house.toml: it leads outside the book folder",
    );
}

/// Found by the fuzzer (seed 0x596be1f450fdc22d): 20,000 `[^n` inside each other made 20,000
/// "undefined footnote" errors, each quoting a label as long as the rest (1.3 GB).
fn footnote_labels_inside_each_other_are_a_located_error_not_a_blowup() {
    let markdown = format!("# A\n\n{}x{}\n", "[^n".repeat(20_000), "]".repeat(20_000));
    let output = build_markdown("nested-labels", &markdown);
    assert_first_error(
        &output,
        "a.md:3:1: error: a footnote label of more than 999 characters, or holding another `[^`",
    );
    assert!(
        output.stderr.len() < 4_096,
        "{} bytes of messages",
        output.stderr.len()
    );
}

/// Found by the fuzzer: `![Dev](/dev/zero)` is a missing picture (a placeholder frame), and the
/// cache used to hash its path as an input of the build: reading /dev/zero for ever, outside the
/// book. The build must end (here within a minute, though it takes a second) with its outputs.
fn a_picture_naming_a_device_outside_the_book_is_never_read_by_the_cache() {
    let dir = common::book(
        "picture-dev-zero",
        &[
            ("book.toml", "[book]\ntitle = \"T\"\n"),
            ("a.md", "# A\n\nText.\n\n![Dev](/dev/zero)\n"),
        ],
    );
    let mut child = samizdat(&["build", ".", "--out", "out"], &dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run samizdat");
    let limit = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for samizdat") {
            break status;
        }
        if std::time::Instant::now() > limit {
            let _ = child.kill();
            panic!("the build did not end within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    // A site-relative picture is a warning and a placeholder frame: the build succeeds.
    assert!(status.success(), "{status:?}");
    assert!(dir.join("out/manifest.json").is_file());
}

/// Found by the fuzzer: thousands of `# Chapter` headings each took an id by counting up from
/// `chapter-2` past every one before it (16,000 took 53 s to read). Each gets its own id, in
/// order; that it takes one pass is `parse::resolve`'s unit test (no test here times anything).
fn thousands_of_sections_of_one_name_get_ids_in_order() {
    let sections = vec!["## Part"; 4_000].join("\n\n");
    let text = format!("# Chapter\n\n{sections}\n");
    let dir = common::book("same-name-sections", &[("a.md", &text)]);
    let output = run(&["model", "."], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let model = String::from_utf8_lossy(&output.stdout);
    for id in ["\"part\"", "\"part-2\"", "\"part-4000\""] {
        assert!(model.contains(id), "no id {id}");
    }
    assert!(!model.contains("\"part-4001\""));
}

/// A file of a million `# C` headings would be half a million empty pages: one located error.
fn a_book_of_more_than_5000_chapters_is_a_located_error() {
    let chapters = vec!["# C"; 5_001].join("\n\n");
    let dir = common::book("too-many-chapters", &[("a.md", &chapters)]);
    let output = run(&["check", "."], &dir);
    assert_first_error(
        &output,
        "a.md:10001:1: error: a book of more than 5000 chapters: this heading opens one too many",
    );
}
