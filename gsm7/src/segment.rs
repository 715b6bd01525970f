//! Encoding choice and segmentation into SMS parts (TS 23.040 §9.2.3.24.1 concatenation,
//! §9.2.3.24.15/16 national language shift IEs, TS 23.038 §6.2.1.2).
//!
//! A part's user data holds 140 octets: 160 septets, 70 UTF-16 units or 140 octets without a
//! UDH. With one, the capacity is what is left after the UDH (and, for GSM 7 bit, the fill
//! bits that bring the septets to a septet boundary): always derived from the UDH actually
//! sent, so an 8-bit reference gives 153/67/134, a 16-bit one 152/66/133, and shift IEs less.
//!
//! Parts never split an escape pair or a surrogate pair, and keep grapheme clusters (flags,
//! ZWJ sequences, combining marks) whole unless one cluster is larger than a part.

use alloc::vec::Vec;
use core::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::encode::encode_septets;
use crate::error::{EncodeError, SplitError};
use crate::language::{NationalLanguage, Tables};
use crate::lookup::code_char;
use crate::split_fast;
use crate::ucs2::encode_ucs2;

/// Octets of TP-User-Data (TS 23.040 §9.2.3.16: at most 140 octets).
pub const USER_DATA_OCTETS: usize = 140;
/// The most parts a concatenated message has (the "maximum number" field is one octet).
pub const MAX_PARTS: usize = 255;

/// What the parts are coded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// GSM 7 bit (TS 23.038 §6.2.1), with the [`Split::tables`].
    Gsm7,
    /// UCS-2 / UTF-16BE.
    Ucs2,
    /// 8-bit data.
    Binary,
}

/// Which encoding [`split`] may choose. The default is [`Auto`](Self::Auto).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum EncodingChoice {
    /// The one that needs fewer parts; GSM 7 bit on a tie.
    #[default]
    Auto,
    /// GSM 7 bit only: a character no allowed table has is an error.
    Gsm7,
    /// UCS-2 only.
    Ucs2,
}

/// Which national language shift tables (TS 23.038 Annex A) GSM 7 bit may use. The default
/// is [`None`](Self::None): the default alphabet and extension table only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum NationalPolicy {
    /// The default alphabet and extension table only (many handsets support nothing else).
    #[default]
    None,
    /// Any table of any language.
    Auto,
    /// The single and locking shift tables of these languages.
    Allowed(Vec<NationalLanguage>),
    /// These single shift and these locking shift tables (e.g. single shift only, as many
    /// networks enable).
    Custom {
        /// Languages whose single shift table may be used.
        single: Vec<NationalLanguage>,
        /// Languages whose locking shift table may be used.
        locking: Vec<NationalLanguage>,
    },
    /// Exactly these tables.
    Fixed(Tables),
}

/// The concatenation reference number, chosen by the caller (TS 23.040 §9.2.3.24.1 and
/// §9.2.3.24.8): IEI 0x00 with an 8-bit or IEI 0x08 with a 16-bit reference. The default is
/// `Eight(0)`; a sender with several long messages in flight to one recipient gives each its
/// own reference, or the recipient mixes their parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConcatRef {
    /// 8-bit reference (IEI 0x00, 5 octets with its header).
    Eight(u8),
    /// 16-bit reference (IEI 0x08, 6 octets with its header).
    Sixteen(u16),
}

impl Default for ConcatRef {
    fn default() -> Self {
        Self::Eight(0)
    }
}

impl ConcatRef {
    /// Octets of the IE, with its IEI and length octets.
    pub(crate) fn ie_len(self) -> usize {
        match self {
            Self::Eight(_) => 5,
            Self::Sixteen(_) => 6,
        }
    }

    fn write_ie(self, total: u8, seq: u8, udh: &mut Vec<u8>) {
        match self {
            Self::Eight(r) => udh.extend_from_slice(&[0x00, 0x03, r, total, seq]),
            Self::Sixteen(r) => {
                let [hi, lo] = r.to_be_bytes();
                udh.extend_from_slice(&[0x08, 0x04, hi, lo, total, seq]);
            }
        }
    }
}

/// What [`split`] may do. The default: [`EncodingChoice::Auto`] (GSM 7 bit when it needs no
/// more parts than UCS-2), [`NationalPolicy::None`] (no national tables) and
/// [`ConcatRef::Eight(0)`](ConcatRef::Eight) (8-bit reference 0).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SplitOptions {
    /// The encodings it may choose.
    pub encoding: EncodingChoice,
    /// The national tables GSM 7 bit may use.
    pub national: NationalPolicy,
    /// The concatenation reference, used when more than one part is needed.
    pub reference: ConcatRef,
}

/// A text (or data) split into SMS parts; each part's text borrows the text that was split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// What every part is coded with.
    pub encoding: Encoding,
    /// The GSM 7 bit tables (default ones for UCS-2 and binary).
    pub tables: Tables,
    /// The parts, in order (at least one).
    pub parts: Vec<Part<'a>>,
}

/// One SMS part.
///
/// The UDH and the payload share one buffer (UDH first, as they follow each other in TP-UD
/// and in SMPP's short_message): [`Part::udh`], [`Part::payload`] and [`Part::user_data`]
/// borrow it, [`Part::into_user_data`] takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part<'a> {
    /// The UDH (with its UDHL octet) followed by the payload.
    user_data: Vec<u8>,
    /// Octets of UDH at the start of `user_data` (at most 140).
    udh_len: usize,
    /// GSM 7 bit only: fill bits after the UDH so the septets start on a septet boundary.
    pub fill_bits: u8,
    /// Septets (GSM 7 bit; an escaped character counts 2), UTF-16 units (UCS-2) or octets.
    pub units: usize,
    /// The text of this part, a slice of the text that was split (empty for binary).
    pub text: &'a str,
}

impl<'a> Part<'a> {
    /// The complete UDH including the UDHL octet; empty when the part has none.
    pub fn udh(&self) -> &[u8] {
        self.user_data.get(..self.udh_len).unwrap_or(&[])
    }

    /// GSM 7 bit: unpacked septets; UCS-2: UTF-16BE octets; binary: octets. No UDH.
    pub fn payload(&self) -> &[u8] {
        self.user_data.get(self.udh_len..).unwrap_or(&[])
    }

    /// [`Part::udh`] followed by [`Part::payload`] (septets unpacked for GSM 7 bit: what
    /// SMPP's short_message carries with data_coding 0).
    pub fn user_data(&self) -> &[u8] {
        &self.user_data
    }

    /// The buffer of [`Part::user_data`], and the length of its UDH.
    pub fn into_user_data(self) -> (Vec<u8>, usize) {
        (self.user_data, self.udh_len)
    }

    /// Unicode scalar values in [`Part::text`].
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// A GSM 7 bit part coded by `split_fast`: `user_data` is its UDH (the part count left at
    /// 0 until [`Part::set_total`]) and septets.
    pub(crate) fn coded(user_data: Vec<u8>, udh_len: usize, fill_bits: u8, text: &'a str) -> Self {
        Self {
            units: user_data.len() - udh_len,
            user_data,
            udh_len,
            fill_bits,
            text,
        }
    }

    /// Writes the part count into the concatenation IE when it is the UDH's last IE (as with
    /// the default tables, which add no shift IE): TS 23.040 §9.2.3.24.1 and §9.2.3.24.8 end
    /// it with "maximum number" then "sequence number".
    pub(crate) fn set_total(&mut self, total: usize) {
        if let Some(at) = self.udh_len.checked_sub(2)
            && let Some(octet) = self.user_data.get_mut(at)
        {
            *octet = total as u8;
        }
    }

    /// The TP-UDL this part needs: septets including the UDH and fill bits for GSM 7 bit
    /// (TS 23.040 §9.2.3.16), octets including the UDH otherwise.
    pub fn user_data_length(&self, encoding: Encoding) -> usize {
        match encoding {
            Encoding::Gsm7 => {
                (self.udh_len * 8 + usize::from(self.fill_bits)) / 7 + self.payload().len()
            }
            Encoding::Ucs2 | Encoding::Binary => self.user_data.len(),
        }
    }
}

/// Units (septets, UTF-16 units, octets) that fit in one part after `udh_octets` of UDH.
pub fn part_capacity(encoding: Encoding, udh_octets: usize) -> usize {
    let left = USER_DATA_OCTETS.saturating_sub(udh_octets);
    match encoding {
        Encoding::Gsm7 => left * 8 / 7,
        Encoding::Ucs2 => left / 2,
        Encoding::Binary => left,
    }
}

/// Fill bits after `udh_octets` of UDH so that GSM 7 bit septets start on a septet boundary
/// (TS 23.040 §9.2.3.24).
pub fn fill_bits_after(udh_octets: usize) -> u8 {
    if udh_octets == 0 {
        0
    } else {
        ((7 - (udh_octets * 8) % 7) % 7) as u8
    }
}

/// One way to code a text, with its part count (and the parts' byte ranges when it was
/// walked).
#[derive(Clone, Debug)]
pub(crate) struct Plan<'a> {
    pub(crate) encoding: Encoding,
    pub(crate) tables: Tables,
    pub(crate) parts: usize,
    pub(crate) units: usize,
    pub(crate) multi: bool,
    /// Each part's byte range of the text and its units (empty when `coded` holds the parts).
    pub(crate) ranges: Vec<(Range<usize>, usize)>,
    /// The parts themselves when the GSM 7 bit fast path of `split` coded them (empty
    /// otherwise: the parts are coded from `ranges` when they are built).
    pub(crate) coded: Vec<Part<'a>>,
}

impl Plan<'_> {
    /// Whether the parts are known (not only counted): they were walked or coded.
    fn has_parts(&self) -> bool {
        !self.ranges.is_empty() || !self.coded.is_empty()
    }
}

/// What [`split`] would give, counted without building the parts: the encoding and tables it
/// chooses, the number of parts and the units of text (septets, UTF-16 units or octets, without
/// UDH).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Count {
    /// What every part would be coded with.
    pub encoding: Encoding,
    /// The GSM 7 bit tables (default ones for UCS-2).
    pub tables: Tables,
    /// How many parts.
    pub parts: usize,
    /// Units of the whole text: septets (an escaped character counts 2) or UTF-16 units.
    pub units: usize,
}

/// Splits `text` into SMS parts as `opts` allows: the encoding and tables that need the
/// fewest parts (ties: GSM 7 bit, then the default tables, then single shift only, then
/// locking shift), each part with its UDH and fill bits.
///
/// A text that fits one SMS is never split. More than 255 parts is an error. Each part's
/// [`Part::text`] is a slice of `text`, which the [`Split`] borrows.
///
/// ```
/// use gsm7::{split, SplitOptions, Encoding};
/// let text = "x".repeat(161);
/// let s = split(&text, &SplitOptions::default())?;
/// assert_eq!(s.encoding, Encoding::Gsm7);
/// assert_eq!(s.parts.len(), 2);
/// assert_eq!(s.parts[0].units, 153);
/// assert_eq!(s.parts[0].udh(), [0x05, 0x00, 0x03, 0x00, 0x02, 0x01]);
/// assert_eq!(s.parts[0].fill_bits, 1);
/// # Ok::<(), gsm7::SplitError>(())
/// ```
pub fn split<'a>(text: &'a str, opts: &SplitOptions) -> Result<Split<'a>, SplitError> {
    let plan = choose(text, opts, Path::Fast)?;
    build(text, plan, opts.reference)
}

/// Which planning path runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    /// The general walk over grapheme clusters (what the tests compare the fast paths with).
    General,
    /// The fast paths of `split_fast` where they apply.
    Fast,
    /// The fast paths for counting only: the text is not coded.
    Count,
}

/// Counts the parts [`split`] would make of `text`, with the same choice of encoding and tables
/// and the same errors, without building them (no UDH, payload or text per part).
///
/// ```
/// use gsm7::{count, split, SplitOptions, Encoding};
/// let text = "x".repeat(200) + "€";
/// let c = count(&text, &SplitOptions::default())?;
/// assert_eq!((c.encoding, c.parts, c.units), (Encoding::Gsm7, 2, 202));
/// assert_eq!(c.parts, split(&text, &SplitOptions::default())?.parts.len());
/// # Ok::<(), gsm7::SplitError>(())
/// ```
pub fn count(text: &str, opts: &SplitOptions) -> Result<Count, SplitError> {
    count_with(text, opts, true)
}

/// [`count`], with or without the fast paths (the tests compare the two).
pub(crate) fn count_with(text: &str, opts: &SplitOptions, fast: bool) -> Result<Count, SplitError> {
    let plan = choose(text, opts, if fast { Path::Count } else { Path::General })?;
    Ok(Count {
        encoding: plan.encoding,
        tables: if plan.encoding == Encoding::Gsm7 {
            plan.tables
        } else {
            Tables::DEFAULT
        },
        parts: plan.ranges.len(),
        units: plan.units,
    })
}

/// [`split`] without the fast paths: the general path the tests compare them with.
#[cfg(test)]
pub(crate) fn split_general<'a>(
    text: &'a str,
    opts: &SplitOptions,
) -> Result<Split<'a>, SplitError> {
    let plan = choose(text, opts, Path::General)?;
    build(text, plan, opts.reference)
}

/// Splits 8-bit data into parts of 140 octets, or 134 (133 with a 16-bit reference) when
/// concatenated.
pub fn split_binary(data: &[u8], reference: ConcatRef) -> Result<Split<'static>, SplitError> {
    let (chunk, multi) = if data.len() <= USER_DATA_OCTETS {
        (USER_DATA_OCTETS, false)
    } else {
        (
            part_capacity(Encoding::Binary, 1 + reference.ie_len()),
            true,
        )
    };
    let count = data.len().div_ceil(chunk).max(1);
    if count > MAX_PARTS {
        return Err(SplitError::TooManyParts { needed: count });
    }
    let concat = multi.then_some(reference);
    let parts = (0..count)
        .map(|i| {
            let payload = data
                .get(i * chunk..((i + 1) * chunk).min(data.len()))
                .unwrap_or(&[]);
            let mut user_data =
                Vec::with_capacity(udh_octets(concat, Tables::DEFAULT) + payload.len());
            let udh_len = write_udh(
                concat.map(|r| (r, count, i + 1)),
                Tables::DEFAULT,
                &mut user_data,
            );
            user_data.extend_from_slice(payload);
            Part {
                user_data,
                udh_len,
                fill_bits: 0,
                units: payload.len(),
                text: "",
            }
        })
        .collect();
    Ok(Split {
        encoding: Encoding::Binary,
        tables: Tables::DEFAULT,
        parts,
    })
}

/// Octets of the shift IEs the tables need (3 each: IEI, length, language id).
fn shift_ie_octets(tables: Tables) -> usize {
    3 * usize::from(tables.single.is_some()) + 3 * usize::from(tables.locking.is_some())
}

/// Octets of the UDH [`write_udh`] writes: 0 without IEs, else the UDHL octet and the IEs.
pub(crate) fn udh_octets(concat: Option<ConcatRef>, tables: Tables) -> usize {
    let ies = concat.map_or(0, ConcatRef::ie_len) + shift_ie_octets(tables);
    if ies == 0 { 0 } else { 1 + ies }
}

/// Appends the UDH to `out`: concatenation IE (when `concat` is given), then the single shift
/// (IEI 0x24) and locking shift (IEI 0x25) IEs of TS 23.040 §9.2.3.24.15/16; with the UDHL
/// octet first. Nothing when there is no IE. Returns the octets written.
pub(crate) fn write_udh(
    concat: Option<(ConcatRef, usize, usize)>,
    tables: Tables,
    out: &mut Vec<u8>,
) -> usize {
    let at = out.len();
    out.push(0);
    if let Some((r, total, seq)) = concat {
        r.write_ie(total as u8, seq as u8, out);
    }
    if let Some(l) = tables.single {
        out.extend_from_slice(&[0x24, 0x01, l.id()]);
    }
    if let Some(l) = tables.locking {
        out.extend_from_slice(&[0x25, 0x01, l.id()]);
    }
    let len = out.len() - at;
    if len == 1 {
        out.truncate(at);
        return 0;
    }
    out[at] = (len - 1) as u8;
    len
}

/// Cost of one character in the plan's units, or `None` when it cannot be coded.
#[inline]
fn cost(ch: char, encoding: Encoding, tables: Tables) -> Option<usize> {
    match encoding {
        Encoding::Gsm7 => code_char(ch, tables).map(|c| c.len()),
        Encoding::Ucs2 => Some(ch.len_utf16()),
        Encoding::Binary => Some(ch.len_utf8()),
    }
}

/// Extended grapheme clusters (UAX #29) with their byte offsets. An ASCII character followed
/// by another ASCII character (other than CR LF) is a cluster of its own, since no rule joins
/// two ASCII characters but GB3; everything else goes to `unicode-segmentation`, restarted at
/// each cluster boundary.
fn clusters(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    core::iter::from_fn(move || {
        let rest = text.get(at..).filter(|r| !r.is_empty())?;
        let b = bytes.get(at).copied().unwrap_or(0);
        let next = bytes.get(at + 1).copied();
        let len = if b < 0x80 && next.is_none_or(|n| n < 0x80 && !(b == b'\r' && n == b'\n')) {
            1
        } else {
            rest.graphemes(true).next().map_or(rest.len(), str::len)
        };
        let cluster = rest.get(..len)?;
        let start = at;
        at += len;
        Some((start, cluster))
    })
}

/// Walks `text` into parts of at most `cap` units, pushing each part's byte range; gives up
/// (returning `None`) once more than `limit` parts would be needed. Characters must all be
/// codable.
fn walk(
    text: &str,
    cap: usize,
    encoding: Encoding,
    tables: Tables,
    limit: usize,
    ranges: &mut Vec<(Range<usize>, usize)>,
) -> Option<()> {
    let mut start = 0;
    let mut used = 0;
    let cut = |ranges: &mut Vec<(Range<usize>, usize)>, start: &mut usize, at: usize, used| {
        ranges.push((*start..at, used));
        *start = at;
        (ranges.len() < limit).then_some(())
    };
    for (at, cluster) in clusters(text) {
        let c: usize = cluster
            .chars()
            .map(|ch| cost(ch, encoding, tables).unwrap_or(0))
            .sum();
        if c <= cap {
            if used + c > cap {
                cut(ranges, &mut start, at, used)?;
                used = 0;
            }
            used += c;
        } else {
            // A cluster larger than a part: split between its characters, never inside one
            // (an escape pair or surrogate pair is one character's cost).
            for (off, ch) in cluster.char_indices() {
                let cc = cost(ch, encoding, tables).unwrap_or(0);
                if used + cc > cap && used > 0 {
                    cut(ranges, &mut start, at + off, used)?;
                    used = 0;
                }
                used += cc;
            }
        }
    }
    ranges.push((start..text.len(), used));
    Some(())
}

/// How `text` would be coded as `encoding` with `tables`: its part count and, when that is
/// below `must_beat`, the parts' byte ranges. An error names a character that cannot be
/// coded.
fn plan(
    text: &str,
    encoding: Encoding,
    tables: Tables,
    reference: ConcatRef,
    must_beat: usize,
    path: Path,
) -> Result<Plan<'_>, EncodeError> {
    if path != Path::General {
        if encoding == Encoding::Gsm7 && tables.is_default() && must_beat == usize::MAX {
            let fast = if path == Path::Count {
                split_fast::plan_default_gsm7(text, reference)?
            } else {
                split_fast::code_default_gsm7(text, reference)?
            };
            if let Some(p) = fast {
                return Ok(p);
            }
        } else if encoding == Encoding::Ucs2
            && let Some(p) = split_fast::plan_ucs2(text, reference, must_beat)
        {
            return Ok(p);
        }
    }
    let mut total = 0usize;
    for (index, ch) in text.char_indices() {
        total += cost(ch, encoding, tables).ok_or(EncodeError::UnmappableChar { ch, index })?;
    }
    let shift = if encoding == Encoding::Gsm7 {
        shift_ie_octets(tables)
    } else {
        0
    };
    let single_udh = if shift > 0 { 1 + shift } else { 0 };
    let mut p = Plan {
        encoding,
        tables,
        parts: 1,
        units: total,
        multi: false,
        ranges: Vec::new(),
        coded: Vec::new(),
    };
    if total <= part_capacity(encoding, single_udh) {
        p.ranges.push((0..text.len(), total));
        return Ok(p);
    }
    p.multi = true;
    let cap = part_capacity(encoding, 1 + reference.ie_len() + shift).max(1);
    // Every part but the last holds at most `cap` units: a lower bound without walking.
    p.parts = total.div_ceil(cap).max(2);
    if p.parts >= must_beat {
        return Ok(p);
    }
    // Past the limit the exact count only matters for the error message.
    if walk(
        text,
        cap,
        encoding,
        tables,
        must_beat.min(MAX_PARTS + 1),
        &mut p.ranges,
    )
    .is_none()
    {
        p.parts = p.parts.max(p.ranges.len() + 1);
        p.ranges.clear();
        return Ok(p);
    }
    p.parts = p.ranges.len();
    Ok(p)
}

/// A locking shift to a language without a locking table is the default alphabet.
fn normalize(t: Tables) -> Tables {
    Tables {
        locking: t.locking.filter(|l| l.has_locking_shift()),
        single: t.single,
    }
}

/// Tie-break rank: default tables, then single shift only, then locking shift (TS 23.038
/// §6.2.1.2: every shift IE costs UDH octets and receiver support).
fn rank(t: Tables) -> (u8, u8, u8) {
    let class = match (t.locking, t.single) {
        (None, None) => 0,
        (None, Some(_)) => 1,
        (Some(_), None) => 2,
        (Some(_), Some(_)) => 3,
    };
    (
        class,
        t.locking.map_or(0, NationalLanguage::id),
        t.single.map_or(0, NationalLanguage::id),
    )
}

fn candidates(policy: &NationalPolicy) -> Vec<Tables> {
    let (single, locking): (Vec<NationalLanguage>, Vec<NationalLanguage>) = match policy {
        NationalPolicy::None => (Vec::new(), Vec::new()),
        NationalPolicy::Fixed(t) => return alloc::vec![normalize(*t)],
        NationalPolicy::Auto => (
            NationalLanguage::ALL.to_vec(),
            NationalLanguage::ALL.to_vec(),
        ),
        NationalPolicy::Allowed(l) => (l.clone(), l.clone()),
        NationalPolicy::Custom { single, locking } => (single.clone(), locking.clone()),
    };
    let mut out = alloc::vec![Tables::DEFAULT];
    let lockings = core::iter::once(None).chain(
        locking
            .iter()
            .copied()
            .filter(|l| l.has_locking_shift())
            .map(Some),
    );
    for l in lockings {
        for s in core::iter::once(None).chain(single.iter().copied().map(Some)) {
            let t = Tables {
                locking: l,
                single: s,
            };
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out.sort_by_key(|t| rank(*t));
    out
}

fn choose<'a>(text: &'a str, opts: &SplitOptions, path: Path) -> Result<Plan<'a>, SplitError> {
    let mut best: Option<Plan<'a>> = None;
    let mut first_err = None;
    // Whether the default tables coded the whole text (within `MAX_PARTS` parts).
    let mut default_planned = false;
    let beat = |best: &Option<Plan<'a>>| best.as_ref().map_or(usize::MAX, |b| b.parts);
    if opts.encoding != EncodingChoice::Ucs2 {
        // Candidates come in preference order: a later one must need strictly fewer parts.
        // The default policy has one candidate: no list is built for it.
        let listed;
        let tables: &[Tables] = if opts.national == NationalPolicy::None {
            &[Tables::DEFAULT]
        } else {
            listed = candidates(&opts.national);
            &listed
        };
        for &t in tables {
            match plan(text, Encoding::Gsm7, t, opts.reference, beat(&best), path) {
                Ok(p) if p.parts < beat(&best) => {
                    default_planned |= t.is_default() && p.has_parts();
                    let one = p.parts == 1;
                    best = Some(p);
                    if one {
                        break;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
    }
    // A text the default tables code needs no more GSM 7 bit parts than UCS-2 ones, which GSM 7
    // bit wins as the tie-break: each of its characters takes at most two septets and exactly one
    // UTF-16 unit, so a GSM 7 bit part (at least 152 septets: a cut moves back at most one septet,
    // for an escape pair or CR LF) holds at least 76 characters where a UCS-2 part holds at most
    // 67, and one part of 160 septets at least 80 where one of UCS-2 holds at most 70. The
    // fast path skips UCS-2 then; the general path (which the tests compare) plans it.
    let default_codes = path != Path::General
        && best
            .as_ref()
            .is_some_and(|b| b.encoding == Encoding::Gsm7 && b.parts <= MAX_PARTS)
        && default_planned;
    if opts.encoding != EncodingChoice::Gsm7 && !default_codes {
        let u = plan(
            text,
            Encoding::Ucs2,
            Tables::DEFAULT,
            opts.reference,
            beat(&best),
            path,
        )?;
        if u.parts < beat(&best) {
            best = Some(u);
        }
    }
    let best = match (best, first_err) {
        (Some(b), _) => b,
        (None, Some(e)) => return Err(SplitError::Unmappable(e)),
        // `candidates` always yields the default tables, so GSM 7 bit either planned or
        // failed; UCS-2 always plans.
        (None, None) => return Err(SplitError::TooManyParts { needed: 0 }),
    };
    if best.parts > MAX_PARTS || !best.has_parts() {
        return Err(SplitError::TooManyParts { needed: best.parts });
    }
    Ok(best)
}

fn build<'a>(text: &'a str, plan: Plan<'a>, reference: ConcatRef) -> Result<Split<'a>, SplitError> {
    let Plan {
        encoding,
        tables,
        multi,
        ranges,
        coded,
        ..
    } = plan;
    if !coded.is_empty() {
        return Ok(Split {
            encoding,
            tables,
            parts: coded,
        });
    }
    let total = ranges.len();
    let header_tables = if encoding == Encoding::Gsm7 {
        tables
    } else {
        Tables::DEFAULT
    };
    let concat = multi.then_some(reference);
    let udh_len = udh_octets(concat, header_tables);
    let mut parts = Vec::with_capacity(total);
    for (i, (r, planned_units)) in ranges.into_iter().enumerate() {
        let part_text = text.get(r).unwrap_or("");
        // One buffer for UDH and payload, sized once for what the encoder reserves (one
        // septet per octet of text for GSM 7 bit, two octets per octet of text for UCS-2).
        let payload_room = match encoding {
            Encoding::Gsm7 => planned_units.max(part_text.len()),
            _ => 2 * part_text.len(),
        };
        let mut user_data = Vec::with_capacity(udh_len + payload_room);
        write_udh(
            concat.map(|r| (r, total, i + 1)),
            header_tables,
            &mut user_data,
        );
        let (fill_bits, units) = match encoding {
            Encoding::Gsm7 => {
                let n = encode_septets(part_text, tables, &mut user_data)?;
                (fill_bits_after(udh_len), n)
            }
            _ => {
                encode_ucs2(part_text, &mut user_data);
                (0, (user_data.len() - udh_len) / 2)
            }
        };
        parts.push(Part {
            user_data,
            udh_len,
            fill_bits,
            units,
            text: part_text,
        });
    }
    Ok(Split {
        encoding,
        tables: header_tables,
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookup::ESCAPE;
    use alloc::string::String;
    use alloc::vec;

    // TS 23.040 §9.2.3.16 / §9.2.3.24: 160 septets, 153 after a 6-octet UDH (+1 fill bit),
    // 152 after 7 octets; 70/67/66 UCS-2 units; 140/134/133 octets.
    #[test]
    fn accepts_capacities_derived_from_udh() {
        assert_eq!(part_capacity(Encoding::Gsm7, 0), 160);
        assert_eq!(part_capacity(Encoding::Gsm7, 6), 153);
        assert_eq!(fill_bits_after(6), 1);
        assert_eq!(part_capacity(Encoding::Gsm7, 7), 152);
        assert_eq!(fill_bits_after(7), 0);
        assert_eq!(part_capacity(Encoding::Gsm7, 9), 149);
        assert_eq!(part_capacity(Encoding::Ucs2, 6), 67);
        assert_eq!(part_capacity(Encoding::Ucs2, 7), 66);
        assert_eq!(part_capacity(Encoding::Binary, 7), 133);
    }

    #[test]
    fn accepts_sixteen_bit_reference() {
        let opts = SplitOptions {
            reference: ConcatRef::Sixteen(0x1234),
            ..SplitOptions::default()
        };
        let text = "a".repeat(305);
        let s = split(&text, &opts).unwrap();
        assert_eq!(s.parts.len(), 3);
        assert_eq!(s.parts[0].units, 152);
        assert_eq!(s.parts[2].udh(), [0x06, 0x08, 0x04, 0x12, 0x34, 0x03, 0x03]);
        assert_eq!(s.parts[2].fill_bits, 0);
    }

    #[test]
    fn rejects_more_than_255_parts() {
        assert!(split(&"a".repeat(255 * 153), &SplitOptions::default()).is_ok());
        assert_eq!(
            split(&"a".repeat(255 * 153 + 1), &SplitOptions::default()),
            Err(SplitError::TooManyParts { needed: 256 })
        );
    }

    #[test]
    fn rejects_unmappable_when_gsm7_is_required() {
        let opts = SplitOptions {
            encoding: EncodingChoice::Gsm7,
            ..SplitOptions::default()
        };
        assert!(matches!(
            split("a\u{4f60}", &opts),
            Err(SplitError::Unmappable(EncodeError::UnmappableChar {
                index: 1,
                ..
            }))
        ));
    }

    #[test]
    fn accepts_cluster_larger_than_a_part() {
        // 'e' plus 80 combining acute accents: one grapheme cluster of 81 UTF-16 units.
        let text: String = core::iter::once('e')
            .chain(core::iter::repeat_n('\u{301}', 80))
            .collect();
        let s = split(&text, &SplitOptions::default()).unwrap();
        assert_eq!(s.encoding, Encoding::Ucs2);
        assert_eq!(
            s.parts.iter().map(|p| p.units).collect::<Vec<_>>(),
            vec![67, 14]
        );
    }

    // TS 23.038 A.3.1 and A.3.3 put '€' in the Turkish (0x04) and Portuguese (0x16) locking
    // tables; the default alphabet needs an escape pair (§6.2.1.1, 0x1B 0x65). 100 euros: 200
    // septets (2 parts) by default, 100 septets + a 4-octet UDH (1 part) with a locking table;
    // on the tie the lower language id wins.
    #[test]
    fn accepts_national_choice_with_fewest_parts() {
        let text = "\u{20ac}".repeat(100);
        let s = split(&text, &SplitOptions::default()).unwrap();
        assert_eq!((s.encoding, s.parts.len()), (Encoding::Gsm7, 2));
        let opts = SplitOptions {
            national: NationalPolicy::Auto,
            ..SplitOptions::default()
        };
        let s = split(&text, &opts).unwrap();
        assert_eq!(s.parts.len(), 1);
        assert_eq!(
            s.tables,
            Tables {
                locking: Some(NationalLanguage::Turkish),
                single: None
            }
        );
        assert_eq!(s.parts[0].udh(), [0x03, 0x25, 0x01, 0x01]);
        assert_eq!(s.parts[0].fill_bits, 3);
        assert_eq!(s.parts[0].units, 100);
    }

    // A.2.1/A.3.1: "ĞŞİğşı" needs the Turkish tables. 12 characters fit one part with either
    // the single shift (24 septets) or the locking shift (12): single shift only wins the tie;
    // 78 characters need 2 parts with the single shift and 1 with the locking shift.
    #[test]
    fn accepts_tie_break_single_shift_before_locking() {
        let opts = SplitOptions {
            national: NationalPolicy::Allowed(vec![NationalLanguage::Turkish]),
            ..SplitOptions::default()
        };
        let tr = Some(NationalLanguage::Turkish);
        let twice = "ĞŞİğşı".repeat(2);
        let s = split(&twice, &opts).unwrap();
        assert_eq!(
            s.tables,
            Tables {
                locking: None,
                single: tr
            }
        );
        assert_eq!(s.parts[0].udh(), [0x03, 0x24, 0x01, 0x01]);
        let thirteen = "ĞŞİğşı".repeat(13);
        let s = split(&thirteen, &opts).unwrap();
        assert_eq!(s.parts.len(), 1);
        assert_eq!(s.tables.locking, tr);
        // Fixed tables are used as given (AOSP testFragmentTurkishText: 74 + 4 characters).
        let fixed = SplitOptions {
            national: NationalPolicy::Fixed(Tables {
                locking: None,
                single: tr,
            }),
            ..SplitOptions::default()
        };
        let s = split(&thirteen, &fixed).unwrap();
        assert_eq!(s.parts.len(), 2);
        assert_eq!(
            s.parts[0].udh(),
            [0x08, 0x00, 0x03, 0x00, 0x02, 0x01, 0x24, 0x01, 0x01]
        );
        assert_eq!(s.parts[0].units, 148);
        assert_eq!(s.parts[0].fill_bits, 5); // 72 + 5 bits = 11 septets
    }

    // TS 23.038 §6.2.1.1: an escape pair is one character; TS 23.040 §9.2.3.24.1 parts hold
    // 153 septets: 152 'a' then '€' (2 septets) does not fit, so '€' opens part 2.
    #[test]
    fn accepts_escape_pair_kept_whole() {
        let text = "a".repeat(152) + "\u{20ac}" + &"b".repeat(10);
        let s = split(&text, &SplitOptions::default()).unwrap();
        let units: Vec<usize> = s.parts.iter().map(|p| p.units).collect();
        assert_eq!(units, vec![152, 12]);
        assert_eq!(s.parts[1].payload()[..2], [ESCAPE, 0x65]);
    }

    // UTF-16 surrogate pairs and grapheme clusters (a regional-indicator flag, 4 units) stay in
    // one part: 66 + 2 and 65 + 4 exceed the 67 units of a concatenated UCS-2 part.
    #[test]
    fn accepts_surrogate_pairs_and_clusters_kept_whole() {
        for (head, cluster, first) in [(66, "\u{1F61C}", 66), (65, "\u{1F1EE}\u{1F1F9}", 65)] {
            let text = "\u{4f60}".repeat(head) + cluster + &"\u{4f60}".repeat(10);
            let s = split(&text, &SplitOptions::default()).unwrap();
            assert_eq!(s.encoding, Encoding::Ucs2);
            assert_eq!(s.parts[0].units, first);
            assert!(s.parts[1].text.starts_with(cluster));
        }
    }

    #[test]
    fn roundtrip_binary() {
        let data: Vec<u8> = (0..=255u8).collect();
        let s = split_binary(&data, ConcatRef::Eight(7)).unwrap();
        assert_eq!(s.parts.len(), 2);
        assert_eq!(s.parts[0].payload().len(), 134);
        let joined: Vec<u8> = s
            .parts
            .iter()
            .flat_map(|p| p.payload().iter().copied())
            .collect();
        assert_eq!(joined, data);
        assert!(
            split_binary(&[1; 140], ConcatRef::Eight(0)).unwrap().parts[0]
                .udh()
                .is_empty()
        );
    }
}
