//! What some tests need from outside the crate: validators, a system font, the bundled books.
//!
//! A test declares each one in its module's list (`name: [QPDF, GS]`). Before the run the harness
//! probes every declared tool once; a test whose tool is missing is ignored with the reason, or
//! fails under `CI`. A test reaches a tool only through [`command`] or [`require`], which fail
//! when the running test did not declare it, so a declaration cannot be forgotten.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

/// Something outside the crate's code that a test needs.
pub struct Tool {
    /// How a skip names it.
    pub name: &'static str,
    /// The program to run, if it is one, with arguments that make it print its version.
    pub program: Option<(&'static str, &'static [&'static str])>,
    /// Files it needs: absolute, or relative to the crate's root.
    pub files: &'static [&'static str],
    /// An environment variable that must be set (an opt-in); `CI` counts as set for every one.
    pub opt_in: Option<&'static str>,
    /// How to get it.
    pub install: &'static str,
}

/// Where EPUBCheck's jar is on Debian.
pub const EPUBCHECK_JAR: &str = "/usr/share/java/epubcheck.jar";

/// EPUBCheck, run with Java.
pub const EPUBCHECK: Tool = Tool {
    name: "EPUBCheck",
    program: Some(("java", &["-version"])),
    files: &[EPUBCHECK_JAR],
    opt_in: None,
    install: "apt-get install epubcheck default-jre-headless",
};

/// The Java compiler, for a small program that runs EPUBCheck on many files in one JVM.
pub const JAVAC: Tool = Tool {
    name: "javac",
    program: Some(("javac", &["-version"])),
    files: &[],
    opt_in: None,
    install: "apt-get install default-jdk-headless",
};

/// qpdf, for `qpdf --check`.
pub const QPDF: Tool = Tool {
    name: "qpdf",
    program: Some(("qpdf", &["--version"])),
    files: &[],
    opt_in: None,
    install: "apt-get install qpdf",
};

/// Poppler's pdffonts.
pub const PDFFONTS: Tool = Tool {
    name: "pdffonts",
    program: Some(("pdffonts", &["-v"])),
    files: &[],
    opt_in: None,
    install: "apt-get install poppler-utils",
};

/// Poppler's pdfinfo, for `-struct` and `-struct-text` (the structure tree of a tagged PDF).
pub const PDFINFO: Tool = Tool {
    name: "pdfinfo",
    program: Some(("pdfinfo", &["-v"])),
    files: &[],
    opt_in: None,
    install: "apt-get install poppler-utils",
};

/// Poppler's pdftotext.
pub const PDFTOTEXT: Tool = Tool {
    name: "pdftotext",
    program: Some(("pdftotext", &["-v"])),
    files: &[],
    opt_in: None,
    install: "apt-get install poppler-utils",
};

/// Where Debian's chromium is: DAISY Ace drives it (through puppeteer) to read each document.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// DAISY Ace, the EPUB accessibility checker, with Debian's chromium.
pub const ACE: Tool = Tool {
    name: "DAISY Ace",
    program: Some(("ace-cli", &["--version"])),
    files: &[CHROMIUM],
    opt_in: None,
    install:
        "apt-get install chromium; PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli@1.4.6",
};

/// Ghostscript, for a full render.
pub const PDFTOPPM: Tool = Tool {
    name: "pdftoppm",
    program: Some(("pdftoppm", &["-v"])),
    files: &[],
    opt_in: None,
    install: "apt-get install poppler-utils",
};

pub const GS: Tool = Tool {
    name: "gs",
    program: Some(("gs", &["--version"])),
    files: &[],
    opt_in: None,
    install: "apt-get install ghostscript",
};

/// Where Debian puts the DejaVu fonts.
pub const DEJAVU_DIR: &str = "/usr/share/fonts/truetype/dejavu";

/// DejaVu Serif: a face with characters Vollkorn lacks, and without superior figures.
pub const DEJAVU_SERIF: Tool = Tool {
    name: "DejaVu Serif",
    program: None,
    files: &["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"],
    opt_in: None,
    install: "apt-get install fonts-dejavu-core",
};

/// The bundled book `manuscript/russia-bureaucracy`.
pub const RUSSIA_BUREAUCRACY: Tool = Tool {
    name: "the bundled book russia-bureaucracy",
    program: None,
    files: &["manuscript/russia-bureaucracy/book.toml"],
    opt_in: None,
    install: "it comes with a full checkout of the repository",
};

/// The three public-domain books of the project's shared corpus, in `shared/` beside the
/// repository (as CI has it).
pub const CORPUS_BOOKS: Tool = Tool {
    name: "the shared corpus's books",
    program: None,
    files: &[
        "../shared/corpus/books/goldman-anarchism-and-other-essays.md",
        "../shared/corpus/books/mill-on-liberty.md",
        "../shared/corpus/books/thoreau-civil-disobedience.md",
    ],
    opt_in: None,
    install: "put the project's shared/ folder beside the repository",
};

/// The bundled book `manuscript/stalin-50-years`.
pub const STALIN_50_YEARS: Tool = Tool {
    name: "the bundled book stalin-50-years",
    program: None,
    files: &["manuscript/stalin-50-years/book.toml"],
    opt_in: None,
    install: "it comes with a full checkout of the repository",
};

/// The fuzzer's smoke run: half a minute of unoptimised builds, so it runs when asked for.
pub const FUZZ_SMOKE: Tool = Tool {
    name: "the fuzzer's smoke run",
    program: None,
    files: &[],
    opt_in: Some("SAMIZDAT_FUZZ_SMOKE"),
    install: "set SAMIZDAT_FUZZ_SMOKE=1 to run it; CI always does",
};

impl Tool {
    /// `Ok` when the tool is here; else why not, and how to get it.
    pub fn probe(&self) -> Result<(), String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let asked = |var: &str| std::env::var_os(var).is_some() || std::env::var_os("CI").is_some();
        let missing = if let Some(var) = self.opt_in.filter(|var| !asked(var)) {
            Some(format!("{var} is not set"))
        } else if let Some(file) = self.files.iter().find(|f| !root.join(f).is_file()) {
            Some(format!("{file} is absent"))
        } else if let Some((program, version)) = self.program {
            let named = if program == self.name {
                String::new()
            } else {
                format!("`{program}` ")
            };
            match Command::new(program).args(version).output() {
                Ok(_) => None,
                Err(err) if err.kind() == ErrorKind::NotFound => {
                    Some(format!("{named}not found on PATH"))
                }
                Err(err) => Some(format!("{named}cannot run ({err})")),
            }
        } else {
            None
        };
        match missing {
            Some(why) => Err(format!("{why} ({})", self.install)),
            None => Ok(()),
        }
    }
}

/// Fails the running test unless it declared `tool`.
pub fn require(tool: &Tool) {
    if crate::harness::declared(tool) == Some(false) {
        panic!(
            "this test uses {} without declaring it: add the tool's constant from tools.rs \
             after the test's name in its module's tests! list (`name: [TOOL]`)",
            tool.name
        );
    }
}

/// A command for the program `tool` (which the running test must have declared).
pub fn command(tool: &Tool) -> Command {
    require(tool);
    let (program, _) = tool.program.expect("a tool that is a program");
    Command::new(program)
}
