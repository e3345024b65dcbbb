//! Durations as people write them in config and on the command line (`90m`, `24h`, `7d`,
//! `1h30m`), and as the inbox shows them (`42m`, `3h10`, `-1h05`).

use jiff::SignedDuration;

/// Why a text is not a duration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DurationError {
    #[error("an empty duration; write it like 90m, 24h or 7d")]
    Empty,
    #[error("`{0}` is not a duration; write it like 90m, 24h or 7d")]
    NotADuration(String),
    #[error("`{0}` lacks a unit; write it like 90m, 24h or 7d")]
    NoUnit(String),
    #[error("`{0}` is too long a duration")]
    TooLong(String),
}

/// Parses `30s`, `90m`, `24h`, `7d`, `1h30m`. Units: s, m, h, d (a day is 24 hours).
pub(crate) fn parse(text: &str) -> Result<SignedDuration, DurationError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DurationError::Empty);
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(DurationError::NotADuration(t.into())),
        };
        let n: i64 = number
            .parse()
            .map_err(|_| DurationError::NotADuration(t.into()))?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| DurationError::TooLong(t.into()))?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(DurationError::NoUnit(t.into()));
    }
    Ok(SignedDuration::from_secs(total))
}

/// A compact countdown: `45s`, `42m`, `3h10`, `2d04`, negative values prefixed by `-`.
pub(crate) fn compact(d: SignedDuration) -> String {
    let secs = d.as_secs();
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let body = if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s / 60)
    } else if s < 86_400 {
        format!("{}h{:02}", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}d{:02}", s / 86_400, (s % 86_400) / 3600)
    };
    format!("{sign}{body}")
}

/// An age for the inbox: `now`, `5m`, `3h`, `2d`, `5w`.
pub(crate) fn age(d: SignedDuration) -> String {
    let s = d.as_secs().max(0);
    match s {
        0..60 => "now".into(),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h", s / 3600),
        86_400..1_209_600 => format!("{}d", s / 86_400),
        _ => format!("{}w", s / 604_800),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_of_the_config() {
        assert_eq!(parse("90m").unwrap(), SignedDuration::from_mins(90));
        assert_eq!(parse("24h").unwrap(), SignedDuration::from_hours(24));
        assert_eq!(parse("7d").unwrap(), SignedDuration::from_hours(168));
        assert_eq!(parse("1h30m").unwrap(), SignedDuration::from_mins(90));
        assert!(parse("3 weeks").is_err());
        assert!(parse("12").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn compact_countdowns_read_like_the_inbox() {
        assert_eq!(compact(SignedDuration::from_mins(42)), "42m");
        assert_eq!(compact(SignedDuration::from_mins(190)), "3h10");
        assert_eq!(compact(SignedDuration::from_mins(-65)), "-1h05");
        assert_eq!(compact(SignedDuration::from_hours(52)), "2d04");
        assert_eq!(compact(SignedDuration::from_secs(9)), "9s");
    }
}
