//! A check before sled opens an existing store. sled 0.34 treats a log it cannot read as an
//! empty database and rewrites it, which would destroy a damaged store; so we refuse to open a
//! log in which not a single segment header is valid.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

const SEGMENT_HEADER_LEN: usize = 20;
const DEFAULT_SEGMENT_SIZE: u64 = 512 * 1024;

/// True when `dir/db` is absent, empty, or holds at least one valid sled segment header.
pub(super) fn log_is_readable(dir: &Path) -> std::io::Result<bool> {
    let path = dir.join("db");
    let Ok(mut file) = File::open(&path) else {
        return Ok(true);
    };
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    let segment = segment_size(dir);
    let mut header = [0u8; SEGMENT_HEADER_LEN];
    let mut offset = 0;
    while offset + SEGMENT_HEADER_LEN as u64 <= len {
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(&mut header)?;
        if header_is_valid(&header) {
            return Ok(true);
        }
        offset += segment;
    }
    Ok(false)
}

/// sled's segment header: a CRC32 (little-endian, inverted) over the two LSNs that follow.
fn header_is_valid(h: &[u8; SEGMENT_HEADER_LEN]) -> bool {
    let stored = u32::from_le_bytes([h[0], h[1], h[2], h[3]]) ^ 0xFFFF_FFFF;
    crc32fast::hash(&h[4..]) == stored
}

/// The segment size sled wrote in its `conf` file, or its default.
fn segment_size(dir: &Path) -> u64 {
    std::fs::read_to_string(dir.join("conf"))
        .ok()
        .and_then(|conf| {
            conf.lines()
                .find_map(|l| l.strip_prefix("segment_size: ")?.trim().parse().ok())
        })
        .filter(|&s: &u64| s >= SEGMENT_HEADER_LEN as u64)
        .unwrap_or(DEFAULT_SEGMENT_SIZE)
}
