//! `[print.page]`: trim size, margins and everything page layout needs.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageStyle {}
