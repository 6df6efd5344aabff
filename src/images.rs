//! Images: formats sniffed, sizes read from headers, pictures decoded. Pure functions on bytes:
//! no file is read here (the parser reads through [`crate::files`]) and nothing of the PDF is known.
//!
//! - JPEG is never decoded: its frame header gives the size and components, and the bytes pass
//!   through to the PDF untouched ([`PictureData::Jpeg`]).
//! - PNG is decoded with the `png` crate (interlaced, 16-bit, palette and grey with alpha alike) to
//!   8-bit grey or RGB with an optional alpha plane.
//! - GIF gives its first frame, composed on its logical screen, as RGB with alpha.
//! - SVG is rasterised with resvg ([`rasterise_svg`] at the size it is placed; [`decode`] at a
//!   default of [`SVG_DEFAULT_LONG_SIDE`] pixels on its longer side). resvg is built without its
//!   text feature (no font discovery): text elements are not drawn ([`svg_has_text`] tells).
//!
//! Every size is checked before any pixel buffer is made: more than [`MAX_PIXELS`] is refused, and
//! so is a header that claims more pixels than its compressed data could ever hold.

use std::fmt;
use std::io::Cursor;

pub use crate::model::ImageFormat;

/// The largest picture decoded: 100 megapixels (a 10,000 × 10,000 scan, 33 inches square at 300
/// dpi), far beyond any page; the RGBA buffer of one is 400 MB.
pub const MAX_PIXELS: u64 = 100_000_000;

/// The longer side, in pixels, of an SVG rasterised without a placed size: 8 inches at 300 dpi,
/// more than the measure of any page the styles offer.
pub const SVG_DEFAULT_LONG_SIDE: u32 = 2400;

/// deflate's largest possible expansion: one 258-byte match per 2 bits at best is about 1032:1.
/// A PNG whose pixel data is larger than 1032 times its file is lying about its size.
const DEFLATE_MAX_RATIO: u64 = 1032;

/// Why a picture cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// A format samizdat does not read (named when it is recognised: WebP, TIFF, BMP ...).
    Unsupported { format: Option<&'static str> },
    /// More pixels than [`MAX_PIXELS`].
    TooLarge { width: u32, height: u32 },
    /// The header claims a size its data cannot hold, or a size of zero.
    Lying { width: u32, height: u32 },
    /// Damaged or truncated data.
    Damaged { message: String },
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Unsupported { format: Some(name) } => {
                write!(f, "is a {name} image, which samizdat does not read")
            }
            ImageError::Unsupported { format: None } => {
                write!(f, "is not an image samizdat reads (JPEG, PNG, GIF or SVG)")
            }
            ImageError::TooLarge { width, height } => write!(
                f,
                "is {width} × {height} pixels, more than the limit of {} megapixels",
                MAX_PIXELS / 1_000_000
            ),
            ImageError::Lying { width, height } => write!(
                f,
                "has a header claiming {width} × {height} pixels that its data cannot hold"
            ),
            ImageError::Damaged { message } => write!(f, "is damaged: {message}"),
        }
    }
}

impl std::error::Error for ImageError {}

/// A decoded picture: what a PDF writer needs to embed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub width_px: u32,
    pub height_px: u32,
    pub data: PictureData,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PictureData {
    /// A JPEG file as it is (a PDF reads it with `/DCTDecode`), with its number of components.
    Jpeg { bytes: Vec<u8>, components: u8 },
    /// Pixels, 8 bits per component, uncompressed, row by row; `alpha` one byte per pixel when
    /// the picture has any transparency.
    Raw {
        color: RawColor,
        pixels: Vec<u8>,
        alpha: Option<Vec<u8>>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawColor {
    Gray,
    Rgb,
}

impl RawColor {
    pub fn components(self) -> usize {
        match self {
            RawColor::Gray => 1,
            RawColor::Rgb => 3,
        }
    }
}

/// The format from the file's first bytes, whatever its name says.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageFormat::Gif)
    } else if looks_like_svg(bytes) {
        Some(ImageFormat::Svg)
    } else {
        None
    }
}

/// The name of a known image format samizdat does not read, for a clear error.
pub fn unsupported_name(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("WebP")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("TIFF")
    } else if bytes.starts_with(b"BM") {
        Some("BMP")
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        Some("HEIF or AVIF")
    } else if bytes.starts_with(b"%PDF") {
        Some("PDF")
    } else {
        None
    }
}

/// Whether an SVG has text elements: resvg is built without fonts, so they are not rasterised.
pub fn svg_has_text(bytes: &[u8]) -> bool {
    bytes.windows(5).any(|w| w == b"<text" || w == b":text")
}

/// An XML document whose root is `<svg`: text that opens with `<` (after a BOM and white space)
/// and has `<svg` within its first 4 KB.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| head[i] == b'<') && head.windows(4).any(|w| w == b"<svg")
}

/// Width and height in pixels from the header alone (for SVG, its size in CSS pixels), refusing
/// more than [`MAX_PIXELS`] and a header that lies.
pub fn dimensions(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), ImageError> {
    let (width, height) = match format {
        ImageFormat::Jpeg => jpeg_frame(bytes).map(|(w, h, _)| (w, h))?,
        ImageFormat::Png => png_header(bytes)?,
        ImageFormat::Gif => gif_header(bytes)?,
        ImageFormat::Svg => svg_size(bytes)?,
    };
    check_size(width, height)?;
    if format == ImageFormat::Png {
        let least = u64::from(width) * u64::from(height) / 8 / DEFLATE_MAX_RATIO;
        if (bytes.len() as u64) < least {
            return Err(ImageError::Lying { width, height });
        }
    }
    Ok((width, height))
}

fn check_size(width: u32, height: u32) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Lying { width, height });
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::TooLarge { width, height });
    }
    Ok(())
}

/// Decodes a picture (SVG at its default size: see [`rasterise_svg`] for a placed size).
pub fn decode(bytes: &[u8], format: ImageFormat) -> Result<Picture, ImageError> {
    let (width, height) = dimensions(bytes, format)?;
    match format {
        ImageFormat::Jpeg => {
            let (_, _, components) = jpeg_frame(bytes)?;
            Ok(Picture {
                width_px: width,
                height_px: height,
                data: PictureData::Jpeg {
                    bytes: bytes.to_vec(),
                    components,
                },
            })
        }
        ImageFormat::Png => decode_png(bytes, (width, height)),
        ImageFormat::Gif => decode_gif(bytes, (width, height)),
        ImageFormat::Svg => {
            let long = f64::from(width.max(height));
            let scale = f64::from(SVG_DEFAULT_LONG_SIDE) / long;
            rasterise_svg(bytes, (f64::from(width) * scale).round() as u32)
        }
    }
}

/// Rasterises an SVG `width_px` pixels wide (its height in proportion) on a transparent ground.
pub fn rasterise_svg(bytes: &[u8], width_px: u32) -> Result<Picture, ImageError> {
    use resvg::tiny_skia;
    let tree = svg_tree(bytes)?;
    let size = tree.size();
    let scale = f64::from(width_px.max(1)) / f64::from(size.width());
    let height_px = (f64::from(size.height()) * scale).round().max(1.0) as u32;
    let width_px = width_px.max(1);
    check_size(width_px, height_px)?;
    let mut pixmap = tiny_skia::Pixmap::new(width_px, height_px).ok_or(ImageError::TooLarge {
        width: width_px,
        height: height_px,
    })?;
    let transform = tiny_skia::Transform::from_scale(scale as f32, scale as f32);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let count = pixmap.pixels().len();
    let mut pixels = Vec::with_capacity(count * 3);
    let mut alpha = Vec::with_capacity(count);
    for pixel in pixmap.pixels() {
        let c = pixel.demultiply();
        pixels.extend([c.red(), c.green(), c.blue()]);
        alpha.push(c.alpha());
    }
    Ok(Picture {
        width_px,
        height_px,
        data: PictureData::Raw {
            color: RawColor::Rgb,
            pixels,
            alpha: opaque_or(alpha),
        },
    })
}

/// `None` when every pixel is opaque (no soft mask needed), else the alpha plane.
fn opaque_or(alpha: Vec<u8>) -> Option<Vec<u8>> {
    if alpha.iter().all(|&a| a == 255) {
        None
    } else {
        Some(alpha)
    }
}

fn damaged(message: impl fmt::Display) -> ImageError {
    ImageError::Damaged {
        message: message.to_string(),
    }
}

/// Width, height and component count from the first start-of-frame marker.
fn jpeg_frame(bytes: &[u8]) -> Result<(u32, u32, u8), ImageError> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err(damaged("not a JPEG file"));
    }
    let mut pos = 2;
    while pos + 4 <= bytes.len() {
        if bytes[pos] != 0xFF {
            return Err(damaged("a JPEG marker is broken"));
        }
        let marker = bytes[pos + 1];
        if marker == 0xFF {
            pos += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]));
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = bytes
                .get(pos + 4..pos + 2 + length)
                .filter(|seg| seg.len() >= 6)
                .ok_or_else(|| damaged("the JPEG frame header is cut short"))?;
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            let components = seg[5];
            if !matches!(components, 1 | 3 | 4) {
                return Err(damaged(format!("a JPEG with {components} components")));
            }
            return Ok((width, height, components));
        }
        pos += 2 + length;
    }
    Err(damaged("the JPEG file has no frame header"))
}

fn png_decoder(bytes: &[u8]) -> png::Decoder<Cursor<&[u8]>> {
    let limits = png::Limits {
        bytes: usize::try_from(MAX_PIXELS * 8).unwrap_or(usize::MAX),
    };
    png::Decoder::new_with_limits(Cursor::new(bytes), limits)
}

fn png_header(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let reader = png_decoder(bytes).read_info().map_err(damaged)?;
    let info = reader.info();
    Ok((info.width, info.height))
}

fn decode_png(bytes: &[u8], (width, height): (u32, u32)) -> Result<Picture, ImageError> {
    let mut decoder = png_decoder(bytes);
    // Palette to RGB, tRNS to alpha, 16 bits to 8, sub-byte grey to 8 bits.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let size = reader
        .output_buffer_size()
        .ok_or(ImageError::TooLarge { width, height })?;
    let mut buffer = vec![0; size];
    let frame = reader
        .next_frame(&mut buffer)
        .map_err(|_| ImageError::Lying { width, height })?;
    buffer.truncate(frame.buffer_size());
    let (color, with_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (RawColor::Gray, false),
        png::ColorType::GrayscaleAlpha => (RawColor::Gray, true),
        png::ColorType::Rgb => (RawColor::Rgb, false),
        png::ColorType::Rgba => (RawColor::Rgb, true),
        png::ColorType::Indexed => return Err(damaged("a palette left unexpanded")),
    };
    let (pixels, alpha) = if with_alpha {
        split_alpha(&buffer, color.components())
    } else {
        (buffer, None)
    };
    Ok(Picture {
        width_px: frame.width,
        height_px: frame.height,
        data: PictureData::Raw {
            color,
            pixels,
            alpha,
        },
    })
}

/// Colour and alpha planes from interleaved pixels of `components` colours and one alpha byte.
fn split_alpha(interleaved: &[u8], components: usize) -> (Vec<u8>, Option<Vec<u8>>) {
    let pixel = components + 1;
    let mut colour = Vec::with_capacity(interleaved.len() / pixel * components);
    let mut alpha = Vec::with_capacity(interleaved.len() / pixel);
    for px in interleaved.chunks_exact(pixel) {
        colour.extend_from_slice(&px[..components]);
        alpha.push(px[components]);
    }
    (colour, opaque_or(alpha))
}

fn gif_options() -> gif::DecodeOptions {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    options.set_memory_limit(gif::MemoryLimit::Bytes(
        std::num::NonZeroU64::new(MAX_PIXELS * 4).unwrap_or(std::num::NonZeroU64::MIN),
    ));
    options
}

fn gif_header(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let decoder = gif_options().read_info(bytes).map_err(damaged)?;
    Ok((u32::from(decoder.width()), u32::from(decoder.height())))
}

/// The first frame, drawn at its place on the logical screen (transparent elsewhere).
fn decode_gif(bytes: &[u8], (width, height): (u32, u32)) -> Result<Picture, ImageError> {
    let mut decoder = gif_options().read_info(bytes).map_err(damaged)?;
    let frame = decoder
        .read_next_frame()
        .map_err(damaged)?
        .ok_or_else(|| damaged("the GIF file has no picture"))?;
    let (w, h) = (width as usize, height as usize);
    let mut rgba = vec![0u8; w * h * 4];
    let (left, top) = (usize::from(frame.left), usize::from(frame.top));
    let frame_width = usize::from(frame.width);
    for (row, line) in frame.buffer.chunks_exact(frame_width * 4).enumerate() {
        let y = top + row;
        if y >= h || left >= w {
            continue;
        }
        let visible = frame_width.min(w - left);
        let start = (y * w + left) * 4;
        rgba[start..start + visible * 4].copy_from_slice(&line[..visible * 4]);
    }
    let (pixels, alpha) = split_alpha(&rgba, 3);
    Ok(Picture {
        width_px: width,
        height_px: height,
        data: PictureData::Raw {
            color: RawColor::Rgb,
            pixels,
            alpha,
        },
    })
}

fn svg_tree(bytes: &[u8]) -> Result<resvg::usvg::Tree, ImageError> {
    let options = resvg::usvg::Options::default();
    resvg::usvg::Tree::from_data(bytes, &options).map_err(damaged)
}

/// The SVG's own size in CSS pixels (its `width` and `height`, else its `viewBox`), rounded.
fn svg_size(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let size = svg_tree(bytes)?.size();
    let round = |v: f32| v.round().clamp(1.0, u32::MAX as f32) as u32;
    Ok((round(size.width()), round(size.height())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_frame_header_is_read() {
        // SOI, then a baseline SOF0 of 8 bits, 20 high, 30 wide, 3 components.
        let bytes = [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0, 20, 0, 30, 3, 1, 0x22, 0, 2, 0x11, 1, 3,
            0x11, 1,
        ];
        assert_eq!(jpeg_frame(&bytes), Ok((30, 20, 3)));
        assert_eq!(dimensions(&bytes, ImageFormat::Jpeg), Ok((30, 20)));
        assert!(jpeg_frame(b"GIF89a").is_err());
    }

    #[test]
    fn formats_are_sniffed() {
        assert_eq!(sniff(b"GIF89a...."), Some(ImageFormat::Gif));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF <?xml version=\"1.0\"?><svg/>"),
            Some(ImageFormat::Svg)
        );
        assert_eq!(sniff(b"<html><body></body></html>"), None);
        assert_eq!(unsupported_name(b"RIFF\0\0\0\0WEBPVP8 "), Some("WebP"));
    }

    #[test]
    fn svg_is_rasterised_with_alpha() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="10" height="10" fill="red"/></svg>"#;
        assert_eq!(dimensions(svg, ImageFormat::Svg), Ok((20, 10)));
        let picture = rasterise_svg(svg, 40).expect("an SVG");
        assert_eq!((picture.width_px, picture.height_px), (40, 20));
        let PictureData::Raw { pixels, alpha, .. } = picture.data else {
            panic!("raw pixels");
        };
        assert_eq!(&pixels[..3], &[255, 0, 0]);
        let alpha = alpha.expect("the right half is transparent");
        assert_eq!((alpha[0], alpha[39]), (255, 0));
    }

    #[test]
    fn zero_and_huge_sizes_are_refused() {
        assert!(matches!(check_size(0, 10), Err(ImageError::Lying { .. })));
        assert!(matches!(
            check_size(20_000, 20_000),
            Err(ImageError::TooLarge { .. })
        ));
    }
}
