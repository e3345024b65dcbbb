//! Large figures as people read them on a dashboard: 950, 12.4k, 1.2M, 3.4B.

/// A figure in at most four or five characters: `950`, `12.4k`, `1.2M`; `-` signs kept.
pub fn compact(value: f64) -> String {
    if !value.is_finite() {
        return "n/a".into();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    const UNITS: [(f64, &str); 3] = [(1e9, "B"), (1e6, "M"), (1e3, "k")];
    // The largest unit the value reaches once rounded to what is shown (999,960 is 1.0M).
    let Some(&(size, unit)) = UNITS.iter().find(|(size, _)| v >= size * 0.99995) else {
        return format!("{sign}{}", v.round() as u64);
    };
    let scaled = v / size;
    // One decimal below 100 of the unit (12.4k), none above (124k).
    if scaled < 99.95 {
        format!("{sign}{scaled:.1}{unit}")
    } else {
        format!("{sign}{}{unit}", scaled.round() as u64)
    }
}

/// A change as `+1.2k (+3.4%)`, or `+1.2k` when the start was zero.
pub fn change(absolute: f64, percent: Option<f64>) -> String {
    let sign = if absolute >= 0.0 { "+" } else { "" };
    match percent {
        Some(p) => format!(
            "{sign}{} ({}{p:.1}%)",
            compact(absolute),
            if p >= 0.0 { "+" } else { "" }
        ),
        None => format!("{sign}{}", compact(absolute)),
    }
}

/// A change of a share in percentage points: `+0.3pt`, `-1.2pt`; `±0.0pt` when it rounds
/// to nothing.
pub fn points(share_change: f64) -> String {
    let p = share_change * 100.0;
    if p.abs() < 0.05 {
        "±0.0pt".into()
    } else {
        format!("{p:+.1}pt")
    }
}

/// A signed percentage with one decimal: `+3.2%`; `±0.0%` when it rounds to nothing.
pub fn signed_percent(p: f64) -> String {
    if p.abs() < 0.05 {
        "±0.0%".into()
    } else {
        format!("{p:+.1}%")
    }
}

/// A share in percent with one decimal: `4.1%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_at_a_glance() {
        assert_eq!(compact(0.0), "0");
        assert_eq!(compact(950.4), "950");
        assert_eq!(compact(999.4), "999");
        assert_eq!(compact(999.96), "1.0k");
        assert_eq!(compact(1_000.0), "1.0k");
        assert_eq!(compact(12_449.0), "12.4k");
        assert_eq!(compact(99_960.0), "100k");
        assert_eq!(compact(123_456.0), "123k");
        assert_eq!(compact(999_960.0), "1.0M");
        assert_eq!(compact(1_234_567.0), "1.2M");
        assert_eq!(compact(-4_560.0), "-4.6k");
        assert_eq!(compact(3.4e9), "3.4B");
        assert_eq!(compact(f64::NAN), "n/a");
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(change(1_240.0, Some(3.44)), "+1.2k (+3.4%)");
        assert_eq!(change(-80.0, Some(-2.0)), "-80 (-2.0%)");
        assert_eq!(change(15.0, None), "+15");
        assert_eq!(percent(0.0412), "4.1%");
        assert_eq!(points(0.0031), "+0.3pt");
        assert_eq!(points(-0.0001), "±0.0pt");
        assert_eq!(signed_percent(-0.04), "±0.0%");
        assert_eq!(signed_percent(12.04), "+12.0%");
    }
}
