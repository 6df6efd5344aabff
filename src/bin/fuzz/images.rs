//! Crafted pictures: valid ones, truncated ones, headers that lie about their size, huge
//! dimensions, wrong magic, broken compressed data and a decompression bomb.

use std::io::Write;
use std::sync::OnceLock;

use super::rng::Rng;

/// A crafted picture file and the extension it is named with.
pub struct Picture {
    pub bytes: Vec<u8>,
    pub extension: &'static str,
}

/// One crafted picture.
pub fn picture(rng: &mut Rng) -> Picture {
    let png_named = |bytes| Picture {
        bytes,
        extension: "png",
    };
    match rng.below(10) {
        0 => png_named(valid_png(rng)),
        1 => {
            let mut bytes = valid_png(rng);
            bytes.truncate(rng.below(bytes.len()));
            png_named(bytes)
        }
        2 => png_named(lying_png(rng)),
        3 => png_named(bomb().to_vec()),
        4 => png_named(broken_png(rng)),
        5 => Picture {
            bytes: jpeg(rng),
            extension: "jpg",
        },
        6 => Picture {
            bytes: valid_png(rng),
            extension: "jpg",
        },
        7 => Picture {
            bytes: rng
                .pick(&[
                    &b"GIF89a\x01\x00\x01\x00"[..],
                    b"BM\x00\x00",
                    b"RIFF\x00\x00\x00\x00WEBP",
                    b"",
                ])
                .to_vec(),
            extension: rng.pick::<&str>(&["png", "jpg"]),
        },
        8 => {
            // Colour types and bit depths, valid and not, over data that is not zlib.
            let colour = *rng.pick(&[0, 2, 3, 4, 6, 7]);
            let depth = *rng.pick(&[1, 2, 4, 8, 16, 3]);
            let (w, h) = (rng.between(1, 4) as u32, rng.between(1, 4) as u32);
            png_named(png(w, h, colour, depth, b"\x00\x01\x02"))
        }
        _ => png_named(valid_png(rng)),
    }
}

fn valid_png(rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (rng.between(1, 64) as u32, rng.between(1, 64) as u32);
    let mut raw = Vec::new();
    for _ in 0..h {
        raw.push(0);
        raw.extend(std::iter::repeat_n(128u8, 3 * w as usize));
    }
    png(w, h, 2, 8, &zlib(&raw))
}

/// A PNG whose header claims dimensions its data does not have.
fn lying_png(rng: &mut Rng) -> Vec<u8> {
    let sides = [0, 1, 65_535, 20_000, 1_073_770_202, 4_294_853_786, u32::MAX];
    let (w, h) = (*rng.pick(&sides), *rng.pick(&sides));
    png(w, h, *rng.pick(&[0, 2, 6]), 8, &zlib(&[0, 1, 2, 3]))
}

/// A PNG whose compressed data is damaged.
fn broken_png(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = valid_png(rng);
    for _ in 0..rng.between(1, 8) {
        let at = rng.below(bytes.len());
        bytes[at] ^= 1 << rng.below(8);
    }
    bytes
}

/// 12,000 × 12,000 grey pixels (144 MB) in about 140 KB: made once per run.
fn bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        const SIDE: u32 = 12_000;
        let row = vec![0u8; SIDE as usize + 1];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..SIDE {
            let _ = z.write_all(&row);
        }
        png(SIDE, SIDE, 0, 8, &z.finish().unwrap_or_default())
    })
}

/// A JPEG: the start of a real one, with a frame header of any size, often cut short.
fn jpeg(rng: &mut Rng) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let sides = [0u16, 1, 100, 65_535];
    let (w, h) = (*rng.pick(&sides), *rng.pick(&sides));
    out.extend([0xFF, 0xC0, 0, 11, 8]);
    out.extend(h.to_be_bytes());
    out.extend(w.to_be_bytes());
    out.extend([1, 1, 0x11, 0]);
    if rng.chance(50) {
        out.extend((0..rng.size(4_096)).map(|i| (i * 7) as u8));
        out.extend([0xFF, 0xD9]);
    }
    let keep = rng.between(2, out.len());
    out.truncate(keep);
    out
}

fn zlib(raw: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = z.write_all(raw);
    z.finish().unwrap_or_default()
}

/// A PNG file of one IHDR, one IDAT (`data`, already compressed) and IEND.
fn png(width: u32, height: u32, colour: u8, depth: u8, data: &[u8]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([depth, colour, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", data);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let crc = crc32(&out[start..]);
    out.extend(crc.to_be_bytes());
}

/// The CRC-32 of PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
