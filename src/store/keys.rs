//! Index keys: big-endian so that sled's byte order is the order we want.

use crate::model::{Channel, MessageId};
use jiff::Timestamp;

pub(super) fn id(id: MessageId) -> [u8; 8] {
    id.to_be_bytes()
}

pub(super) fn id_from(bytes: &[u8]) -> Option<MessageId> {
    bytes
        .get(..8)?
        .try_into()
        .ok()
        .map(MessageId::from_be_bytes)
}

/// Milliseconds with the sign bit flipped, so that earlier times sort first.
pub(super) fn time(t: Timestamp) -> [u8; 8] {
    ((t.as_millisecond() as u64) ^ (1 << 63)).to_be_bytes()
}

pub(super) fn external(channel: Channel, external_id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(external_id.len() + 16);
    k.extend_from_slice(channel.as_str().as_bytes());
    k.push(0);
    k.extend_from_slice(external_id.as_bytes());
    k
}

/// The milliseconds of a `time` key.
pub(super) fn time_from(bytes: &[u8]) -> i64 {
    bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .map(|b| (u64::from_be_bytes(b) ^ (1 << 63)) as i64)
        .unwrap_or(0)
}

/// The key of the thread index older stores kept (one entry per message).
#[cfg(test)]
pub(super) fn by_conversation(conv: MessageId, at: Timestamp, msg: MessageId) -> Vec<u8> {
    [id(conv), time(at), id(msg)].concat()
}
