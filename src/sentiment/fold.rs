//! Word normalisation for lexicon lookup: lower case, no diacritics, so that `décu`, `DÉÇU`
//! and `decu` meet the same entry. Ligatures are expanded (`œ` → `oe`).

/// Appends the folded form of `c` to `out`.
#[inline]
pub(crate) fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
            out.push('a')
        }
        'ç' | 'Ç' => out.push('c'),
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => out.push('e'),
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => out.push('i'),
        'ñ' | 'Ñ' => out.push('n'),
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => out.push('o'),
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => out.push('u'),
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => out.push('y'),
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        c => out.extend(c.to_lowercase()),
    }
}

/// The folded form of a whole word or phrase.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(&mut out, if c == '’' { '\'' } else { c });
    }
    out
}

/// Collapses runs of three or more identical letters to two (`soooo` → `soo`) in the word
/// that begins at byte `start` of `buf` and runs to its end; returns whether anything was
/// collapsed, which marks emphasis.
pub(crate) fn collapse_elongation_at(buf: &mut String, start: usize) -> bool {
    let bytes = &buf.as_bytes()[start..];
    if bytes.len() < 3 || !bytes.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    let mut out = String::with_capacity(bytes.len());
    let mut run = 0;
    let mut prev = None;
    for c in buf[start..].chars() {
        run = if Some(c) == prev { run + 1 } else { 1 };
        prev = Some(c);
        if run <= 2 {
            out.push(c);
        }
    }
    buf.truncate(start);
    buf.push_str(&out);
    true
}

/// Collapses every doubled letter (`soo` → `so`), the second guess for an elongated word.
pub(crate) fn collapse_doubles(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut prev = None;
    for c in word.chars() {
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("DÉÇU"), "decu");
        assert_eq!(fold("Génial"), "genial");
        assert_eq!(fold("cœur"), "coeur");
        assert_eq!(fold("c’est"), "c'est");
    }

    #[test]
    fn elongation_collapses_to_two_then_one() {
        let mut w = "I'm soooo".to_string();
        assert!(collapse_elongation_at(&mut w, 4));
        assert_eq!(w, "I'm soo");
        assert_eq!(collapse_doubles("soo"), "so");
        let mut g = "good".to_string();
        assert!(!collapse_elongation_at(&mut g, 0));
    }
}
