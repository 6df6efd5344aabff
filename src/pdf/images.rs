//! Pictures: JPEG passed through untouched, PNG with or without alpha.
//!
//! A JPEG file is already a valid PDF image stream (`/Filter /DCTDecode`): only its size and number
//! of components are read from the frame header, and the bytes go in as they are, so a photograph is
//! never recompressed. A PNG without transparency is also passed through: its zlib data with the PNG
//! row filters is exactly what `/FlateDecode` with `/Predictor 15` decodes. A PNG with an alpha
//! channel is inflated and unfiltered, and its colour and alpha go in as an image and its `/SMask`.

use std::io::{Read, Write};

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{dictionary, Dictionary, Object, Stream};

/// An image ready to be added to the document: the image stream and, for PNG alpha, its soft mask.
pub struct PdfImage {
    pub image: Stream,
    pub mask: Option<Stream>,
}

pub fn jpeg(bytes: Vec<u8>) -> Result<PdfImage, String> {
    let (width, height, components) = jpeg_frame(&bytes)?;
    let space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(format!("a JPEG with {n} components is not supported")),
    };
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => width,
        "Height" => height,
        "ColorSpace" => space,
        "BitsPerComponent" => 8,
        "Filter" => "DCTDecode",
    };
    if components == 4 {
        // Adobe applications write CMYK JPEGs inverted; this is the usual reading of them.
        dict.set(
            "Decode",
            vec![
                1.into(),
                0.into(),
                1.into(),
                0.into(),
                1.into(),
                0.into(),
                1.into(),
                0.into(),
            ],
        );
    }
    Ok(PdfImage {
        image: Stream::new(dict, bytes).with_compression(false),
        mask: None,
    })
}

/// Width, height and component count from the first start-of-frame marker.
fn jpeg_frame(bytes: &[u8]) -> Result<(u32, u32, u8), String> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err("not a JPEG file".to_owned());
    }
    let mut pos = 2;
    while pos + 4 <= bytes.len() {
        if bytes[pos] != 0xFF {
            return Err("damaged JPEG marker".to_owned());
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
                .ok_or("truncated JPEG frame header")?;
            if seg.len() < 6 {
                return Err("truncated JPEG frame header".to_owned());
            }
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            return Ok((width, height, seg[5]));
        }
        pos += 2 + length;
    }
    Err("no frame header in the JPEG file".to_owned())
}

pub fn png(bytes: &[u8]) -> Result<PdfImage, String> {
    if bytes.get(..8) != Some(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Err("not a PNG file".to_owned());
    }
    let mut pos = 8;
    let mut header = None;
    let mut palette = Vec::new();
    let mut data = Vec::new();
    while pos + 8 <= bytes.len() {
        let length =
            u32::from_be_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]]);
        let length = usize::try_from(length).map_err(|_| "damaged PNG chunk")?;
        let kind = &bytes[pos + 4..pos + 8];
        let body = bytes
            .get(pos + 8..pos + 8 + length)
            .ok_or("truncated PNG chunk")?;
        match kind {
            b"IHDR" if body.len() >= 13 => {
                let w = u32::from_be_bytes([body[0], body[1], body[2], body[3]]);
                let h = u32::from_be_bytes([body[4], body[5], body[6], body[7]]);
                header = Some((w, h, body[8], body[9], body[12]));
            }
            b"PLTE" => palette = body.to_vec(),
            b"IDAT" => data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + length;
    }
    let (width, height, depth, color, interlace) = header.ok_or("no PNG header")?;
    if interlace != 0 {
        return Err("interlaced PNG is not supported; save it without interlacing".to_owned());
    }
    let channels: u32 = match color {
        0 => 1,
        2 => 3,
        3 => 1,
        4 => 2,
        6 => 4,
        other => return Err(format!("unknown PNG colour type {other}")),
    };
    let space: Object = match color {
        0 | 4 => "DeviceGray".into(),
        2 | 6 => "DeviceRGB".into(),
        _ => {
            let entries = i64::try_from(palette.len() / 3).unwrap_or(1).max(1);
            vec![
                "Indexed".into(),
                "DeviceRGB".into(),
                (entries - 1).into(),
                Object::String(palette, lopdf::StringFormat::Hexadecimal),
            ]
            .into()
        }
    };
    let base = |space: Object, bits: u8| -> Dictionary {
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => width,
            "Height" => height,
            "ColorSpace" => space,
            "BitsPerComponent" => bits,
        }
    };
    if color != 4 && color != 6 {
        let mut dict = base(space, depth);
        dict.set("Filter", "FlateDecode");
        dict.set(
            "DecodeParms",
            dictionary! {
                "Predictor" => 15,
                "Colors" => channels,
                "BitsPerComponent" => depth,
                "Columns" => width,
            },
        );
        return Ok(PdfImage {
            image: Stream::new(dict, data).with_compression(false),
            mask: None,
        });
    }
    // Colour with alpha: inflate, undo the row filters, split the channels.
    let mut raw = Vec::new();
    ZlibDecoder::new(data.as_slice())
        .read_to_end(&mut raw)
        .map_err(|e| format!("damaged PNG data: {e}"))?;
    let sample = usize::from(depth / 8).max(1);
    let pixel = sample * channels as usize;
    let stride = pixel * width as usize;
    let rows = unfilter(&raw, stride, pixel, height as usize)?;
    let color_bytes = pixel - sample;
    let mut colour = Vec::with_capacity(rows.len() / channels as usize * (channels as usize - 1));
    let mut alpha = Vec::with_capacity(rows.len() / channels as usize);
    for px in rows.chunks_exact(pixel) {
        colour.extend_from_slice(&px[..color_bytes]);
        alpha.extend_from_slice(&px[color_bytes..]);
    }
    let deflate = |bytes: &[u8]| -> Result<Vec<u8>, String> {
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
        enc.write_all(bytes).map_err(|e| e.to_string())?;
        enc.finish().map_err(|e| e.to_string())
    };
    let mut image_dict = base(space, depth);
    image_dict.set("Filter", "FlateDecode");
    let mut mask_dict = base("DeviceGray".into(), depth);
    mask_dict.set("Filter", "FlateDecode");
    Ok(PdfImage {
        image: Stream::new(image_dict, deflate(&colour)?).with_compression(false),
        mask: Some(Stream::new(mask_dict, deflate(&alpha)?).with_compression(false)),
    })
}

/// Undoes the PNG row filters (None, Sub, Up, Average, Paeth); returns the rows without filter bytes.
fn unfilter(raw: &[u8], stride: usize, pixel: usize, height: usize) -> Result<Vec<u8>, String> {
    if raw.len() < (stride + 1) * height {
        return Err("truncated PNG data".to_owned());
    }
    let mut out = vec![0u8; stride * height];
    for row in 0..height {
        let filter = raw[row * (stride + 1)];
        let src = &raw[row * (stride + 1) + 1..(row + 1) * (stride + 1)];
        let (before, current) = out.split_at_mut(row * stride);
        let prev = if row == 0 {
            None
        } else {
            Some(&before[(row - 1) * stride..])
        };
        let cur = &mut current[..stride];
        for i in 0..stride {
            let a = if i >= pixel { cur[i - pixel] } else { 0 };
            let b = prev.map_or(0, |p| p[i]);
            let c = if i >= pixel {
                prev.map_or(0, |p| p[i - pixel])
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                other => return Err(format!("unknown PNG row filter {other}")),
            };
            cur[i] = src[i].wrapping_add(predicted);
        }
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let pa = (p - i16::from(a)).abs();
    let pb = (p - i16::from(b)).abs();
    let pc = (p - i16::from(c)).abs();
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
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
        assert!(jpeg_frame(b"GIF89a").is_err());
    }

    #[test]
    fn unfilter_sub_and_up() {
        // Two rows of 2 one-byte pixels: Sub then Up.
        let raw = [1, 10, 5, 2, 1, 1];
        assert_eq!(unfilter(&raw, 2, 1, 2), Ok(vec![10, 15, 11, 16]));
    }
}
