//! Shaping: text to glyphs with rustybuzz (stub).
