//! What agents record about people: VIP marks and notes (`p` keys), and links that make two
//! authors one person (`l` keys: channel, handle → person).

use super::{Store, StoreError, codec};
use crate::model::Channel;
use crate::profile::{Links, PersonRecord};

const RECORD: &[u8] = b"p\0";
const LINK: &[u8] = b"l\0";

impl Store {
    pub fn person(&self, key: &str) -> Result<Option<PersonRecord>, StoreError> {
        match self
            .people
            .get([RECORD, key.as_bytes()].concat())
            .map_err(|e| self.io(e))?
        {
            Some(raw) => self.decode_person(&raw).map(Some),
            None => Ok(None),
        }
    }

    pub fn save_person(&self, key: &str, record: &PersonRecord) -> Result<(), StoreError> {
        self.people
            .insert([RECORD, key.as_bytes()].concat(), codec::encode(record))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    /// Every person agents recorded something about.
    pub fn people(&self) -> Result<Vec<(String, PersonRecord)>, StoreError> {
        self.people
            .scan_prefix(RECORD)
            .map(|entry| {
                let (k, v) = entry.map_err(|e| self.io(e))?;
                let key = String::from_utf8_lossy(&k[RECORD.len()..]).into_owned();
                Ok((key, self.decode_person(&v)?))
            })
            .collect()
    }

    /// Makes the author `handle` on `channel` the person `key`.
    pub fn link_author(&self, channel: Channel, handle: &str, key: &str) -> Result<(), StoreError> {
        self.people
            .insert(link_key(channel, handle), key.as_bytes())
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    pub fn links(&self) -> Result<Links, StoreError> {
        self.people
            .scan_prefix(LINK)
            .map(|entry| {
                let (k, v) = entry.map_err(|e| self.io(e))?;
                let channel = k
                    .get(LINK.len())
                    .and_then(|&c| Channel::ALL.get(c as usize).copied())
                    .ok_or_else(|| self.corrupt("a person link names no channel"))?;
                let handle = String::from_utf8_lossy(&k[LINK.len() + 1..]).into_owned();
                Ok(((channel, handle), String::from_utf8_lossy(&v).into_owned()))
            })
            .collect()
    }

    /// A record as written now, or as written before muting (one field fewer).
    fn decode_person(&self, raw: &[u8]) -> Result<PersonRecord, StoreError> {
        codec::decode::<PersonRecord>(raw)
            .or_else(|e| {
                codec::decode::<crate::profile::PersonRecordV1>(raw)
                    .map(PersonRecord::from)
                    .map_err(|_| e)
            })
            .map_err(|e| self.corrupt(format!("a person's record cannot be read: {e}")))
    }
}

fn link_key(channel: Channel, handle: &str) -> Vec<u8> {
    let index = Channel::ALL.iter().position(|c| *c == channel).unwrap_or(0) as u8;
    [LINK, &[index], handle.as_bytes()].concat()
}
