//! Pictures for the PDF: a thin adapter from [`crate::images::Picture`] to image streams.
//!
//! Decoding lives in [`crate::images`]. A JPEG goes in untouched (`/DCTDecode`), so a photograph
//! is never recompressed; raw pixels are deflated as DeviceGray or DeviceRGB, and an alpha plane
//! becomes the image's `/SMask`.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{dictionary, Dictionary, Stream};

use crate::images::{Picture, PictureData, RawColor};

/// An image ready to be added to the document: the image stream and, for alpha, its soft mask.
pub struct PdfImage {
    pub image: Stream,
    pub mask: Option<Stream>,
}

/// The image stream (and soft mask) of a decoded picture.
pub fn from_picture(picture: Picture) -> Result<PdfImage, String> {
    let base = |space: &str| -> Dictionary {
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => picture.width_px,
            "Height" => picture.height_px,
            "ColorSpace" => space,
            "BitsPerComponent" => 8,
        }
    };
    match &picture.data {
        PictureData::Jpeg { bytes, components } => {
            let space = match components {
                1 => "DeviceGray",
                3 => "DeviceRGB",
                _ => "DeviceCMYK",
            };
            let mut dict = base(space);
            dict.set("Filter", "DCTDecode");
            if *components == 4 {
                // Adobe applications write CMYK JPEGs inverted; this is the usual reading of them.
                dict.set(
                    "Decode",
                    [1, 0, 1, 0, 1, 0, 1, 0].map(lopdf::Object::from).to_vec(),
                );
            }
            Ok(PdfImage {
                image: Stream::new(dict, bytes.clone()).with_compression(false),
                mask: None,
            })
        }
        PictureData::Raw {
            color,
            pixels,
            alpha,
        } => {
            let space = match color {
                RawColor::Gray => "DeviceGray",
                RawColor::Rgb => "DeviceRGB",
            };
            let flate = |dict: Dictionary, bytes: &[u8]| -> Result<Stream, String> {
                let mut dict = dict;
                dict.set("Filter", "FlateDecode");
                Ok(Stream::new(dict, deflate(bytes)?).with_compression(false))
            };
            let mask = match alpha {
                Some(alpha) => Some(flate(base("DeviceGray"), alpha)?),
                None => None,
            };
            Ok(PdfImage {
                image: flate(base(space), pixels)?,
                mask,
            })
        }
    }
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}
