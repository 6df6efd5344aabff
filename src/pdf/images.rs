//! Pictures for the PDF: a thin adapter from [`crate::images::Picture`] to image streams.
//!
//! Decoding lives in [`crate::images`]. A JPEG goes in untouched (`/DCTDecode`), so a photograph
//! is never recompressed; raw pixels are deflated as DeviceGray or DeviceRGB, and an alpha plane
//! becomes the image's `/SMask`.

use lopdf::{dictionary, Dictionary, Object, Stream};

use crate::images::{Picture, PictureData, RawColor};

/// An image ready to be added to the document: the image stream and, for alpha, its soft mask.
pub struct PdfImage {
    pub image: Stream,
    pub mask: Option<Stream>,
}

impl PdfImage {
    /// The image's colour space, when it is a name (`DeviceRGB`, `DeviceGray`, `DeviceCMYK`).
    pub fn colour_space(&self) -> Option<&[u8]> {
        self.image
            .dict
            .get(b"ColorSpace")
            .and_then(Object::as_name)
            .ok()
    }
}

/// The image stream (and soft mask) of a decoded picture.
pub fn from_picture(picture: Picture) -> PdfImage {
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
            PdfImage {
                image: Stream::new(dict, bytes.clone()).with_compression(false),
                mask: None,
            }
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
            let flate = |mut dict: Dictionary, bytes: &[u8]| -> Stream {
                dict.set("Filter", "FlateDecode");
                Stream::new(dict, super::deflate(bytes)).with_compression(false)
            };
            PdfImage {
                image: flate(base(space), pixels),
                mask: alpha.as_ref().map(|alpha| flate(base("DeviceGray"), alpha)),
            }
        }
    }
}
