//! ICC profiles of our own, written from a few numbers (ICC.1:2001-04, version 2.1): no profile
//! file is shipped, so none has a licence to carry.
//!
//! - [`press_gray`]: the output intent of a PDF/X-4 file, an **output** (`prtr`) profile for a
//!   monochrome press, with the tags ICC.1 requires of a monochrome output profile: description,
//!   copyright, media white point and a gray tone curve. samizdat prints in one ink, all of its text and rules are
//!   DeviceGray, so a gray intent says exactly what the file is made for. The curve is a plain
//!   power curve ([`PRESS_GAMMA`]); a shop that prints to a measured condition converts to it.
//! - [`srgb`]: the colour space of colour pictures in a PDF/X file (which may not use device
//!   RGB): the sRGB primaries (adapted to D50, as the profile connection space needs) with a
//!   2.2 power curve, the usual approximation of sRGB's own curve.

/// The ICC version written: 2.1.0, which every reader takes (PDF 1.6 names ICC.1:2001-04).
const VERSION: u32 = 0x0210_0000;

/// The profile connection space's illuminant, D50 (ICC.1, 7.2.16), and the media white point of
/// both profiles: paper is taken as the reference white.
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// The press's tone curve: device gray to luminance as a power of 1.8, the nominal curve that
/// prepress applications call "Gray Gamma 1.8". The profile names a condition rather than
/// measuring one: a shop converts to its own.
const PRESS_GAMMA: f64 = 1.8;

/// The power curve that stands for sRGB's own (a short linear toe, then a 2.4 power), the
/// usual one-number approximation of it.
const SRGB_GAMMA: f64 = 2.2;

/// The sRGB primaries' XYZ, adapted to D50 with the Bradford transform (the values of the
/// International Color Consortium's own sRGB profiles), red, green, blue.
const SRGB_PRIMARIES: [[f64; 3]; 3] = [
    [0.4361, 0.2225, 0.0139],
    [0.3851, 0.7169, 0.0971],
    [0.1431, 0.0606, 0.7141],
];

/// The date written in both profiles' headers (a profile is the same bytes in every build).
const DATE: [u16; 6] = [2026, 12, 1, 0, 0, 0];

const COPYRIGHT: &str = "No copyright: written by samizdat, use it freely.";

/// The output intent of a PDF/X-4 file: a monochrome press.
pub fn press_gray() -> Vec<u8> {
    profile(
        *b"prtr",
        *b"GRAY",
        &[
            (
                *b"desc",
                description("samizdat monochrome press, gamma 1.8"),
            ),
            (*b"cprt", text(COPYRIGHT)),
            (*b"wtpt", xyz(D50)),
            (*b"kTRC", curve(PRESS_GAMMA)),
        ],
    )
}

/// The colour space of colour pictures in a PDF/X file.
pub fn srgb() -> Vec<u8> {
    profile(
        *b"mntr",
        *b"RGB ",
        &[
            (
                *b"desc",
                description("sRGB primaries, gamma 2.2 (samizdat)"),
            ),
            (*b"cprt", text(COPYRIGHT)),
            (*b"wtpt", xyz(D50)),
            (*b"rXYZ", xyz(SRGB_PRIMARIES[0])),
            (*b"gXYZ", xyz(SRGB_PRIMARIES[1])),
            (*b"bXYZ", xyz(SRGB_PRIMARIES[2])),
            (*b"rTRC", curve(SRGB_GAMMA)),
            (*b"gTRC", curve(SRGB_GAMMA)),
            (*b"bTRC", curve(SRGB_GAMMA)),
        ],
    )
}

/// A profile: the 128-byte header, the tag table, the tags (each on a 4-byte boundary).
fn profile(class: [u8; 4], space: [u8; 4], tags: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let table = 4 + 12 * tags.len();
    let mut data: Vec<u8> = Vec::new();
    let mut entries: Vec<([u8; 4], u32, u32)> = Vec::new();
    for (signature, bytes) in tags {
        // Identical tag data (the three tone curves) is written once and shared.
        let offset = match entries
            .iter()
            .zip(tags)
            .find(|(_, (_, other))| other == bytes)
        {
            Some(((_, offset, _), _)) => *offset,
            None => {
                let offset = 128 + table + data.len();
                data.extend_from_slice(bytes);
                while data.len() % 4 != 0 {
                    data.push(0);
                }
                u32::try_from(offset).unwrap_or(u32::MAX)
            }
        };
        entries.push((*signature, offset, len(bytes)));
    }
    let size = 128 + table + data.len();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&len_of(size).to_be_bytes());
    out.extend_from_slice(&[0; 4]); // preferred CMM: none
    out.extend_from_slice(&VERSION.to_be_bytes());
    out.extend_from_slice(&class);
    out.extend_from_slice(&space);
    out.extend_from_slice(b"XYZ ");
    for part in DATE {
        out.extend_from_slice(&part.to_be_bytes());
    }
    out.extend_from_slice(b"acsp");
    // Platform, flags, manufacturer, model, attributes (8), rendering intent (perceptual).
    out.extend_from_slice(&[0; 4 + 4 + 4 + 4 + 8 + 4]);
    for value in D50 {
        out.extend_from_slice(&fixed(value).to_be_bytes());
    }
    out.extend_from_slice(&[0; 4]); // creator
    out.resize(128, 0); // profile ID (v4 only) and reserved bytes
    out.extend_from_slice(&len_of(tags.len()).to_be_bytes());
    for (signature, offset, size) in entries {
        out.extend_from_slice(&signature);
        out.extend_from_slice(&offset.to_be_bytes());
        out.extend_from_slice(&size.to_be_bytes());
    }
    out.extend_from_slice(&data);
    out
}

fn len(bytes: &[u8]) -> u32 {
    len_of(bytes.len())
}

fn len_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An s15Fixed16Number.
fn fixed(value: f64) -> i32 {
    (value * 65536.0).round() as i32
}

/// `XYZType`: one XYZ number.
fn xyz([x, y, z]: [f64; 3]) -> Vec<u8> {
    let mut out = b"XYZ \0\0\0\0".to_vec();
    for value in [x, y, z] {
        out.extend_from_slice(&fixed(value).to_be_bytes());
    }
    out
}

/// `curveType` with one entry: a power curve (its exponent as a u8Fixed8Number).
fn curve(gamma: f64) -> Vec<u8> {
    let mut out = b"curv\0\0\0\0".to_vec();
    out.extend_from_slice(&1u32.to_be_bytes());
    out.extend_from_slice(&((gamma * 256.0).round() as u16).to_be_bytes());
    out
}

/// `textType`: ASCII, NUL-terminated.
fn text(ascii: &str) -> Vec<u8> {
    let mut out = b"text\0\0\0\0".to_vec();
    out.extend_from_slice(ascii.as_bytes());
    out.push(0);
    out
}

/// `textDescriptionType` (version 2): the ASCII description, no Unicode or ScriptCode one.
fn description(ascii: &str) -> Vec<u8> {
    let mut out = b"desc\0\0\0\0".to_vec();
    out.extend_from_slice(&len_of(ascii.len() + 1).to_be_bytes());
    out.extend_from_slice(ascii.as_bytes());
    out.push(0);
    out.extend_from_slice(&[0; 4 + 4]); // Unicode language code and count
    out.extend_from_slice(&[0; 2 + 1 + 67]); // ScriptCode code, count and its fixed 67 bytes
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    }

    #[test]
    fn the_press_profile_is_a_gray_output_profile() {
        let icc = press_gray();
        assert_eq!(u32_at(&icc, 0) as usize, icc.len());
        assert_eq!(&icc[12..20], b"prtrGRAY");
        assert_eq!(&icc[36..40], b"acsp");
        let count = u32_at(&icc, 128) as usize;
        assert_eq!(count, 4);
        for n in 0..count {
            let entry = 132 + 12 * n;
            let (offset, size) = (u32_at(&icc, entry + 4) as usize, u32_at(&icc, entry + 8));
            assert_eq!(offset % 4, 0);
            assert!(offset + size as usize <= icc.len());
        }
    }

    #[test]
    fn the_srgb_profile_shares_its_curve() {
        let icc = srgb();
        assert_eq!(&icc[12..20], b"mntrRGB ");
        let offsets: Vec<u32> = (0..9).map(|n| u32_at(&icc, 132 + 12 * n + 4)).collect();
        assert_eq!(offsets[6], offsets[7]);
        assert_eq!(offsets[7], offsets[8]);
    }
}
