//! `[print.text]`: body size, leading, faces, hyphenation and everything the text engine needs.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextStyle {}
