//! The print settings of a style: page, type sizes, hyphenation (filled in by the PDF backend).

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintStyle {}
