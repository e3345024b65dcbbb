//! Stored values: one format byte, then postcard. The byte lets a later schema read old values.

use serde::{Serialize, de::DeserializeOwned};

const FORMAT_V1: u8 = 1;

pub(super) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT_V1];
    // Serialising our own plain structs into a Vec cannot fail.
    out.extend(postcard::to_stdvec(value).unwrap_or_default());
    out
}

/// Why a stored value cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(super) enum DecodeError {
    #[error("{0}")]
    Body(#[from] postcard::Error),
    #[error("unknown value format {0}")]
    Format(u8),
    #[error("empty value")]
    Empty,
}

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match bytes.split_first() {
        Some((&FORMAT_V1, body)) => Ok(postcard::from_bytes(body)?),
        Some((v, _)) => Err(DecodeError::Format(*v)),
        None => Err(DecodeError::Empty),
    }
}
