//! Character ⇄ septet lookups for the GSM 7 bit tables: hash-free, built at compile time.
//!
//! Each table has a [`Reverse`]: a byte map by code point for U+0000..=U+07FF (one and two
//! octets of UTF-8), a byte map for the 256 code points of its script (Indic tables), and a
//! sorted array for a binary search of the few characters elsewhere (€, ∞, …).

use crate::charsets::{
    BENGALI_LOCKING, BENGALI_SHIFT, DEFAULT_LOCKING, DEFAULT_SHIFT, GUJARATI_LOCKING,
    GUJARATI_SHIFT, HINDI_LOCKING, HINDI_SHIFT, KANNADA_LOCKING, KANNADA_SHIFT, MALAYALAM_LOCKING,
    MALAYALAM_SHIFT, NA, ORIYA_LOCKING, ORIYA_SHIFT, PORTUGUESE_LOCKING, PORTUGUESE_SHIFT,
    PUNJABI_LOCKING, PUNJABI_SHIFT, SPANISH_SHIFT, TAMIL_LOCKING, TAMIL_SHIFT, TELUGU_LOCKING,
    TELUGU_SHIFT, TURKISH_LOCKING, TURKISH_SHIFT, URDU_LOCKING, URDU_SHIFT,
};
use crate::language::{NationalLanguage, Tables};

/// The escape septet: "escape to an extension of the default alphabet table" (§6.2.1), or to
/// the National Language Single Shift table in use (§6.2.1.2.2).
pub const ESCAPE: u8 = 0x1B;

/// Marker in [`LATIN1_TO_DEFAULT`] for "not in the default alphabet or its extension".
pub(crate) const NONE: u8 = 0xFF;
/// Flag in [`LATIN1_TO_DEFAULT`]: the low 7 bits are an extension table code (escape first).
pub(crate) const EXT: u8 = 0x80;

/// U+0000..=U+00FF → default alphabet septet, `EXT | code` for the extension table, or `NONE`.
pub(crate) static LATIN1_TO_DEFAULT: [u8; 256] = latin1_map();

const fn latin1_map() -> [u8; 256] {
    let mut map = [NONE; 256];
    // Extension first, so a character in both tables gets its one-septet default code.
    let mut i = 0;
    while i < 128 {
        let c = DEFAULT_SHIFT[i] as u32;
        if DEFAULT_SHIFT[i] != NA && c < 256 {
            map[c as usize] = EXT | i as u8;
        }
        i += 1;
    }
    let mut i = 0;
    while i < 128 {
        let c = DEFAULT_LOCKING[i] as u32;
        if DEFAULT_LOCKING[i] != NA && c < 256 && map[c as usize] & EXT != 0 {
            map[c as usize] = i as u8;
        }
        i += 1;
    }
    map
}

/// Code points of the directly mapped block of a [`Reverse`].
const BLOCK_SPAN: usize = 256;

/// Characters below this code point (one and two octets of UTF-8: ASCII, Latin-1, Latin
/// Extended-A with the Turkish letters, Greek, Arabic for Urdu) are looked up in a byte map
/// by code point; the rest in the block map or by binary search.
const LOW: usize = 0x800;

/// A table's reverse lookup: a byte map for U+0000..U+07FF, a byte map for the 256 code
/// points that hold most of the table's other characters (the script of an Indic table), and
/// the rest sorted by code point for a binary search. Where the spec lists a
/// character twice (A.2.4–A.2.13 have '¡' at 0x13 and 0x15, '*' at 0x0B and 0x18) the lower
/// septet is kept.
#[derive(Debug)]
pub(crate) struct Reverse {
    pub(crate) low: [u8; LOW],
    /// First code point of the directly mapped block (a multiple of 128).
    block_base: u32,
    /// Septet of each character of the block, or `NONE`: 256 code points, as Urdu's letters
    /// span two 128-character blocks of Arabic.
    block: [u8; BLOCK_SPAN],
    entries: [(char, u8); 128],
    len: usize,
    /// Whether every ASCII character that the default alphabet codes as one septet (the
    /// block fast path of `block.rs`) has that septet here too, so the fast path applies.
    pub(crate) default_ascii: bool,
}

impl Reverse {
    const fn new(table: &[char; 128]) -> Self {
        let mut low = [NONE; LOW];
        let mut entries = [(NA, 0u8); 128];
        let mut len = 0;
        let mut code = 0;
        while code < 128 {
            let ch = table[code];
            let c = ch as u32 as usize;
            if ch == NA {
                // empty position
            } else if c < LOW {
                if low[c] == NONE {
                    low[c] = code as u8;
                }
            } else {
                // Insertion sort; skip a character already present (keeps the lower code).
                let mut pos = 0;
                let mut dup = false;
                while pos < len {
                    if entries[pos].0 as u32 == ch as u32 {
                        dup = true;
                        break;
                    }
                    if entries[pos].0 as u32 > ch as u32 {
                        break;
                    }
                    pos += 1;
                }
                if !dup {
                    let mut j = len;
                    while j > pos {
                        entries[j] = entries[j - 1];
                        j -= 1;
                    }
                    entries[pos] = (ch, code as u8);
                    len += 1;
                }
            }
            code += 1;
        }
        // The block (starting at a multiple of 128) with the most characters above the byte map.
        let mut block_base = 0;
        let mut best = 0;
        let mut k = 0;
        while k < len {
            let base = entries[k].0 as u32 & !0x7F;
            let mut count = 0;
            let mut j = 0;
            while j < len {
                if (entries[j].0 as u32).wrapping_sub(base) < BLOCK_SPAN as u32 {
                    count += 1;
                }
                j += 1;
            }
            if count > best {
                best = count;
                block_base = base;
            }
            k += 1;
        }
        let mut block = [NONE; BLOCK_SPAN];
        let mut k = 0;
        while k < len {
            let c = entries[k].0 as u32;
            if best > 0 && c.wrapping_sub(block_base) < BLOCK_SPAN as u32 {
                block[(c - block_base) as usize] = entries[k].1;
            }
            k += 1;
        }
        if best == 0 {
            // No character above the byte map: an empty block that nothing reaches.
            block_base = !0x7F;
        }
        // The ASCII characters of the default alphabet proper, each at its default septet.
        let mut default_ascii = true;
        let mut b = 0;
        while b < 128 {
            let v = LATIN1_TO_DEFAULT[b];
            if v < 0x80 && low[b] != v {
                default_ascii = false;
            }
            b += 1;
        }
        Self {
            low,
            block_base,
            block,
            entries,
            len,
            default_ascii,
        }
    }

    /// The septet of `ch` in this table.
    #[inline]
    pub(crate) fn get(&self, ch: char) -> Option<u8> {
        let v = self.get_code(u32::from(ch));
        (v != NONE).then_some(v)
    }

    /// The septet of code point `c` in this table, or [`NONE`].
    #[inline(always)]
    pub(crate) fn get_code(&self, c: u32) -> u8 {
        if let Some(&v) = self.low.get(c as usize) {
            return v;
        }
        if let Some(&v) = self.block.get(c.wrapping_sub(self.block_base) as usize) {
            return v;
        }
        self.search(c)
    }

    /// The septet of a code point below U+0800 (one or two octets of UTF-8), or [`NONE`].
    #[inline(always)]
    pub(crate) fn low_code(&self, c: u32) -> u8 {
        self.low[c as usize % LOW]
    }

    /// The septet of a code point from U+0800 (three octets of UTF-8), or [`NONE`]: the
    /// block map, else the search.
    #[inline(always)]
    pub(crate) fn high_code(&self, c: u32) -> u8 {
        match self.block.get(c.wrapping_sub(self.block_base) as usize) {
            Some(&v) => v,
            None => self.search(c),
        }
    }

    /// The characters outside both byte maps.
    #[cold]
    #[inline(never)]
    fn search(&self, c: u32) -> u8 {
        let Some(entries) = self.entries.get(..self.len) else {
            return NONE;
        };
        entries
            .binary_search_by(|e| u32::from(e.0).cmp(&c))
            .ok()
            .and_then(|i| entries.get(i))
            .map_or(NONE, |e| e.1)
    }
}

pub(crate) static REV_DEFAULT: Reverse = Reverse::new(&DEFAULT_LOCKING);
pub(crate) static REV_DEFAULT_SHIFT: Reverse = Reverse::new(&DEFAULT_SHIFT);

/// How the default tables code each code point below U+0800 (one and two octets of UTF-8),
/// in one load: its septets (the first in bits 0–7, the second of an escape pair in bits
/// 8–15) and their number in bits 16–17; 0 when neither table has it. The default alphabet
/// comes first (a character in both tables takes its one septet, §6.2.1.1).
pub(crate) static DEFAULT_CODES: [u32; LOW] = default_codes();

/// [`DEFAULT_CODES`]' entry of '€' U+20AC, the extension table's only character at or above
/// U+0800 (0x1B 0x65, §6.2.1.1).
pub(crate) const EURO_CODE: u32 = ESCAPE as u32 | 0x65 << 8 | 2 << 16;

const fn default_codes() -> [u32; LOW] {
    let locking = Reverse::new(&DEFAULT_LOCKING);
    let shift = Reverse::new(&DEFAULT_SHIFT);
    let mut codes = [0u32; LOW];
    let mut c = 0;
    while c < LOW {
        if locking.low[c] != NONE {
            codes[c] = locking.low[c] as u32 | 1 << 16;
        } else if shift.low[c] != NONE {
            codes[c] = ESCAPE as u32 | (shift.low[c] as u32) << 8 | 2 << 16;
        }
        c += 1;
    }
    codes
}

/// The default tables' coding ([`DEFAULT_CODES`]' entry, 0 for none) of the character at byte
/// `i` of `bytes` (a character boundary of UTF-8), and its length in octets.
#[inline(always)]
pub(crate) fn default_code(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = usize::from(bytes.get(i).copied().unwrap_or(0));
    if b0 < 0x80 {
        (DEFAULT_CODES[b0], 1)
    } else if b0 < 0xE0 {
        let b1 = usize::from(bytes.get(i + 1).copied().unwrap_or(0) & 0x3F);
        (DEFAULT_CODES[((b0 & 0x1F) << 6 | b1) % LOW], 2)
    } else if bytes.get(i..i + 3) == Some("\u{20ac}".as_bytes()) {
        (EURO_CODE, 3)
    } else {
        (0, 1)
    }
}
/// Locking tables by language id − 1 (Spanish: the default alphabet).
static REV_LOCKING: [Reverse; 13] = [
    Reverse::new(&TURKISH_LOCKING),
    Reverse::new(&DEFAULT_LOCKING),
    Reverse::new(&PORTUGUESE_LOCKING),
    Reverse::new(&BENGALI_LOCKING),
    Reverse::new(&GUJARATI_LOCKING),
    Reverse::new(&HINDI_LOCKING),
    Reverse::new(&KANNADA_LOCKING),
    Reverse::new(&MALAYALAM_LOCKING),
    Reverse::new(&ORIYA_LOCKING),
    Reverse::new(&PUNJABI_LOCKING),
    Reverse::new(&TAMIL_LOCKING),
    Reverse::new(&TELUGU_LOCKING),
    Reverse::new(&URDU_LOCKING),
];
/// Single shift tables by language id − 1.
static REV_SHIFT: [Reverse; 13] = [
    Reverse::new(&TURKISH_SHIFT),
    Reverse::new(&SPANISH_SHIFT),
    Reverse::new(&PORTUGUESE_SHIFT),
    Reverse::new(&BENGALI_SHIFT),
    Reverse::new(&GUJARATI_SHIFT),
    Reverse::new(&HINDI_SHIFT),
    Reverse::new(&KANNADA_SHIFT),
    Reverse::new(&MALAYALAM_SHIFT),
    Reverse::new(&ORIYA_SHIFT),
    Reverse::new(&PUNJABI_SHIFT),
    Reverse::new(&TAMIL_SHIFT),
    Reverse::new(&TELUGU_SHIFT),
    Reverse::new(&URDU_SHIFT),
];

/// The reverse lookup of a locking table (`None`: the default alphabet).
pub(crate) fn rev_locking(lang: Option<NationalLanguage>) -> &'static Reverse {
    lang.and_then(|l| REV_LOCKING.get(usize::from(l.id() - 1)))
        .unwrap_or(&REV_DEFAULT)
}

/// The reverse lookup of a single shift table (`None`: the default extension table).
pub(crate) fn rev_shift(lang: Option<NationalLanguage>) -> &'static Reverse {
    lang.and_then(|l| REV_SHIFT.get(usize::from(l.id() - 1)))
        .unwrap_or(&REV_DEFAULT_SHIFT)
}

/// How one character is coded: one septet, or the escape and a shift table code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Coded {
    /// A septet of the locking (or default) table.
    One(u8),
    /// `ESCAPE` then this septet of the single shift (or extension) table.
    Escaped(u8),
}

impl Coded {
    /// Septets it takes.
    pub(crate) fn len(self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Escaped(_) => 2,
        }
    }
}

/// Codes one character with `tables`, preferring the one-septet locking table.
pub(crate) fn code_char(ch: char, tables: Tables) -> Option<Coded> {
    if tables.is_default() {
        return code_default(ch);
    }
    if let Some(c) = rev_locking(tables.locking).get(ch) {
        return Some(Coded::One(c));
    }
    rev_shift(tables.single).get(ch).map(Coded::Escaped)
}

#[inline]
pub(crate) fn code_default(ch: char) -> Option<Coded> {
    let c = u32::from(ch);
    if c < 256 {
        let v = LATIN1_TO_DEFAULT[c as usize];
        return match v {
            NONE => None,
            v if v & EXT != 0 => Some(Coded::Escaped(v & !EXT)),
            v => Some(Coded::One(v)),
        };
    }
    if let Some(v) = REV_DEFAULT.get(ch) {
        return Some(Coded::One(v));
    }
    REV_DEFAULT_SHIFT.get(ch).map(Coded::Escaped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charsets::{DEFAULT_LOCKING, DEFAULT_SHIFT, NA};

    /// The coding of `ch` by the two default tables themselves (§6.2.1, §6.2.1.1): its
    /// position in the default alphabet, else the escape and its extension table position
    /// (`NA` marks empty positions).
    fn from_tables(ch: char) -> Option<Coded> {
        if ch == NA {
            return None;
        }
        if let Some(v) = DEFAULT_LOCKING.iter().position(|&c| c == ch) {
            return Some(Coded::One(v as u8));
        }
        let v = DEFAULT_SHIFT.iter().position(|&c| c == ch)?;
        Some(Coded::Escaped(v as u8))
    }

    // §6.2.1 / §6.2.1.1: the one-load coding of every character below U+0800 and of '€' (the
    // extension table's only one above) is what the tables give, and nothing else codes.
    #[test]
    fn accepts_default_codes_as_the_tables_give() {
        let entry = |coded: Option<Coded>| match coded {
            Some(Coded::One(v)) => u32::from(v) | 1 << 16,
            Some(Coded::Escaped(v)) => u32::from(ESCAPE) | u32::from(v) << 8 | 2 << 16,
            None => 0,
        };
        for c in (0..0x800).chain([0x20AC, 0x20AD, 0x4F60, 0x1F600]) {
            let Some(ch) = char::from_u32(c) else {
                continue;
            };
            let mut b = [0u8; 4];
            let utf8 = ch.encode_utf8(&mut b).as_bytes();
            let (code, len) = default_code(utf8, 0);
            assert_eq!(code, entry(from_tables(ch)), "U+{c:04X}");
            if code != 0 {
                assert_eq!(len, utf8.len(), "U+{c:04X}");
            }
        }
    }
}
