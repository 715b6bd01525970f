//! The GSM 7 bit default alphabet, its extension table and the national language tables of
//! 3GPP TS 23.038 §6.2.1, §6.2.1.1 and Annex A, as `const` arrays indexed by septet.
//!
//! Transcribed from 3GPP TS 23.038 (V9.1.1 and later) by way of AOSP
//! `frameworks/opt/telephony/src/java/com/android/internal/telephony/GsmAlphabet.java`
//! (`sLanguageTables`, `sLanguageShiftTables`), with three spec typos corrected as AOSP does
//! (noted at each table). `NA` marks a position the spec leaves empty (reserved or unused);
//! position 0x1B is always `NA` here: in a locking table it is the escape to the single shift
//! table, in a shift table it is "reserved for the extension to another extension table"
//! (§6.2.1.1). The tables are checked character by character against the independent PyPI
//! `gsmcodecs` tables in `tests/national_tables.rs`.

/// An empty (reserved or unused) table position.
pub(crate) const NA: char = '\0';

/// TS 23.038 6.2.1 GSM 7 bit Default Alphabet.
#[rustfmt::skip]
pub(crate) const DEFAULT_LOCKING: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{e8}', '\u{e9}', '\u{f9}', '\u{ec}',  // 0x00
    '\u{f2}', '\u{c7}', '\u{a}', '\u{d8}', '\u{f8}', '\u{d}', '\u{c5}', '\u{e5}',  // 0x08
    '\u{394}', '_', '\u{3a6}', '\u{393}', '\u{39b}', '\u{3a9}', '\u{3a0}', '\u{3a8}',  // 0x10
    '\u{3a3}', '\u{398}', '\u{39e}', NA, '\u{c6}', '\u{e6}', '\u{df}', '\u{c9}',  // 0x18
    ' ', '!', '"', '#', '\u{a4}', '%', '&', '\'',  // 0x20
    '(', ')', '*', '+', ',', '-', '.', '/',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', '<', '=', '>', '?',  // 0x38
    '\u{a1}', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', '\u{c4}', '\u{d6}', '\u{d1}', '\u{dc}', '\u{a7}',  // 0x58
    '\u{bf}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{e4}', '\u{f6}', '\u{f1}', '\u{fc}', '\u{e0}',  // 0x78
];

/// TS 23.038 A.3.1 Turkish National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const TURKISH_LOCKING: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{20ac}', '\u{e9}', '\u{f9}', '\u{131}',  // 0x00
    '\u{f2}', '\u{c7}', '\u{a}', '\u{11e}', '\u{11f}', '\u{d}', '\u{c5}', '\u{e5}',  // 0x08
    '\u{394}', '_', '\u{3a6}', '\u{393}', '\u{39b}', '\u{3a9}', '\u{3a0}', '\u{3a8}',  // 0x10
    '\u{3a3}', '\u{398}', '\u{39e}', NA, '\u{15e}', '\u{15f}', '\u{df}', '\u{c9}',  // 0x18
    ' ', '!', '"', '#', '\u{a4}', '%', '&', '\'',  // 0x20
    '(', ')', '*', '+', ',', '-', '.', '/',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', '<', '=', '>', '?',  // 0x38
    '\u{130}', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', '\u{c4}', '\u{d6}', '\u{d1}', '\u{dc}', '\u{a7}',  // 0x58
    '\u{e7}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{e4}', '\u{f6}', '\u{f1}', '\u{fc}', '\u{e0}',  // 0x78
];

/// TS 23.038 A.3.3 Portuguese National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const PORTUGUESE_LOCKING: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{ea}', '\u{e9}', '\u{fa}', '\u{ed}',  // 0x00
    '\u{f3}', '\u{e7}', '\u{a}', '\u{d4}', '\u{f4}', '\u{d}', '\u{c1}', '\u{e1}',  // 0x08
    '\u{394}', '_', '\u{aa}', '\u{c7}', '\u{c0}', '\u{221e}', '^', '\\',  // 0x10
    '\u{20ac}', '\u{d3}', '|', NA, '\u{c2}', '\u{e2}', '\u{ca}', '\u{c9}',  // 0x18
    ' ', '!', '"', '#', '\u{ba}', '%', '&', '\'',  // 0x20
    '(', ')', '*', '+', ',', '-', '.', '/',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', '<', '=', '>', '?',  // 0x38
    '\u{cd}', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', '\u{c3}', '\u{d5}', '\u{da}', '\u{dc}', '\u{a7}',  // 0x58
    '~', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{e3}', '\u{f5}', '`', '\u{fc}', '\u{e0}',  // 0x78
];

/// TS 23.038 A.3.4 Bengali National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const BENGALI_LOCKING: [char; 128] = [
    '\u{981}', '\u{982}', '\u{983}', '\u{985}', '\u{986}', '\u{987}', '\u{988}', '\u{989}',  // 0x00
    '\u{98a}', '\u{98b}', '\u{a}', '\u{98c}', NA, '\u{d}', NA, '\u{98f}',  // 0x08
    '\u{990}', NA, NA, '\u{993}', '\u{994}', '\u{995}', '\u{996}', '\u{997}',  // 0x10
    '\u{998}', '\u{999}', '\u{99a}', NA, '\u{99b}', '\u{99c}', '\u{99d}', '\u{99e}',  // 0x18
    ' ', '!', '\u{99f}', '\u{9a0}', '\u{9a1}', '\u{9a2}', '\u{9a3}', '\u{9a4}',  // 0x20
    ')', '(', '\u{9a5}', '\u{9a6}', ',', '\u{9a7}', '.', '\u{9a8}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', NA, '\u{9aa}', '\u{9ab}', '?',  // 0x38
    '\u{9ac}', '\u{9ad}', '\u{9ae}', '\u{9af}', '\u{9b0}', NA, '\u{9b2}', NA,  // 0x40
    NA, NA, '\u{9b6}', '\u{9b7}', '\u{9b8}', '\u{9b9}', '\u{9bc}', '\u{9bd}',  // 0x48
    '\u{9be}', '\u{9bf}', '\u{9c0}', '\u{9c1}', '\u{9c2}', '\u{9c3}', '\u{9c4}', NA,  // 0x50
    NA, '\u{9c7}', '\u{9c8}', NA, NA, '\u{9cb}', '\u{9cc}', '\u{9cd}',  // 0x58
    '\u{9ce}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{9d7}', '\u{9dc}', '\u{9dd}', '\u{9f0}', '\u{9f1}',  // 0x78
];

/// TS 23.038 A.3.5 Gujarati National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const GUJARATI_LOCKING: [char; 128] = [
    '\u{a81}', '\u{a82}', '\u{a83}', '\u{a85}', '\u{a86}', '\u{a87}', '\u{a88}', '\u{a89}',  // 0x00
    '\u{a8a}', '\u{a8b}', '\u{a}', '\u{a8c}', '\u{a8d}', '\u{d}', NA, '\u{a8f}',  // 0x08
    '\u{a90}', '\u{a91}', NA, '\u{a93}', '\u{a94}', '\u{a95}', '\u{a96}', '\u{a97}',  // 0x10
    '\u{a98}', '\u{a99}', '\u{a9a}', NA, '\u{a9b}', '\u{a9c}', '\u{a9d}', '\u{a9e}',  // 0x18
    ' ', '!', '\u{a9f}', '\u{aa0}', '\u{aa1}', '\u{aa2}', '\u{aa3}', '\u{aa4}',  // 0x20
    ')', '(', '\u{aa5}', '\u{aa6}', ',', '\u{aa7}', '.', '\u{aa8}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', NA, '\u{aaa}', '\u{aab}', '?',  // 0x38
    '\u{aac}', '\u{aad}', '\u{aae}', '\u{aaf}', '\u{ab0}', NA, '\u{ab2}', '\u{ab3}',  // 0x40
    NA, '\u{ab5}', '\u{ab6}', '\u{ab7}', '\u{ab8}', '\u{ab9}', '\u{abc}', '\u{abd}',  // 0x48
    '\u{abe}', '\u{abf}', '\u{ac0}', '\u{ac1}', '\u{ac2}', '\u{ac3}', '\u{ac4}', '\u{ac5}',  // 0x50
    NA, '\u{ac7}', '\u{ac8}', '\u{ac9}', NA, '\u{acb}', '\u{acc}', '\u{acd}',  // 0x58
    '\u{ad0}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{ae0}', '\u{ae1}', '\u{ae2}', '\u{ae3}', '\u{af1}',  // 0x78
];

/// TS 23.038 A.3.6 Hindi National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const HINDI_LOCKING: [char; 128] = [
    '\u{901}', '\u{902}', '\u{903}', '\u{905}', '\u{906}', '\u{907}', '\u{908}', '\u{909}',  // 0x00
    '\u{90a}', '\u{90b}', '\u{a}', '\u{90c}', '\u{90d}', '\u{d}', '\u{90e}', '\u{90f}',  // 0x08
    '\u{910}', '\u{911}', '\u{912}', '\u{913}', '\u{914}', '\u{915}', '\u{916}', '\u{917}',  // 0x10
    '\u{918}', '\u{919}', '\u{91a}', NA, '\u{91b}', '\u{91c}', '\u{91d}', '\u{91e}',  // 0x18
    ' ', '!', '\u{91f}', '\u{920}', '\u{921}', '\u{922}', '\u{923}', '\u{924}',  // 0x20
    ')', '(', '\u{925}', '\u{926}', ',', '\u{927}', '.', '\u{928}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', '\u{929}', '\u{92a}', '\u{92b}', '?',  // 0x38
    '\u{92c}', '\u{92d}', '\u{92e}', '\u{92f}', '\u{930}', '\u{931}', '\u{932}', '\u{933}',  // 0x40
    '\u{934}', '\u{935}', '\u{936}', '\u{937}', '\u{938}', '\u{939}', '\u{93c}', '\u{93d}',  // 0x48
    '\u{93e}', '\u{93f}', '\u{940}', '\u{941}', '\u{942}', '\u{943}', '\u{944}', '\u{945}',  // 0x50
    '\u{946}', '\u{947}', '\u{948}', '\u{949}', '\u{94a}', '\u{94b}', '\u{94c}', '\u{94d}',  // 0x58
    '\u{950}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{972}', '\u{97b}', '\u{97c}', '\u{97e}', '\u{97f}',  // 0x78
];

/// TS 23.038 A.3.7 Kannada National Language Locking Shift Table.
///
/// 0x24 is U+0CA1: TS 23.038 prints U+0CAA (a typo: U+0CAA is also at 0x3D); corrected as AOSP does.
#[rustfmt::skip]
pub(crate) const KANNADA_LOCKING: [char; 128] = [
    NA, '\u{c82}', '\u{c83}', '\u{c85}', '\u{c86}', '\u{c87}', '\u{c88}', '\u{c89}',  // 0x00
    '\u{c8a}', '\u{c8b}', '\u{a}', '\u{c8c}', NA, '\u{d}', '\u{c8e}', '\u{c8f}',  // 0x08
    '\u{c90}', NA, '\u{c92}', '\u{c93}', '\u{c94}', '\u{c95}', '\u{c96}', '\u{c97}',  // 0x10
    '\u{c98}', '\u{c99}', '\u{c9a}', NA, '\u{c9b}', '\u{c9c}', '\u{c9d}', '\u{c9e}',  // 0x18
    ' ', '!', '\u{c9f}', '\u{ca0}', '\u{ca1}', '\u{ca2}', '\u{ca3}', '\u{ca4}',  // 0x20
    ')', '(', '\u{ca5}', '\u{ca6}', ',', '\u{ca7}', '.', '\u{ca8}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', NA, '\u{caa}', '\u{cab}', '?',  // 0x38
    '\u{cac}', '\u{cad}', '\u{cae}', '\u{caf}', '\u{cb0}', '\u{cb1}', '\u{cb2}', '\u{cb3}',  // 0x40
    NA, '\u{cb5}', '\u{cb6}', '\u{cb7}', '\u{cb8}', '\u{cb9}', '\u{cbc}', '\u{cbd}',  // 0x48
    '\u{cbe}', '\u{cbf}', '\u{cc0}', '\u{cc1}', '\u{cc2}', '\u{cc3}', '\u{cc4}', NA,  // 0x50
    '\u{cc6}', '\u{cc7}', '\u{cc8}', NA, '\u{cca}', '\u{ccb}', '\u{ccc}', '\u{ccd}',  // 0x58
    '\u{cd5}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{cd6}', '\u{ce0}', '\u{ce1}', '\u{ce2}', '\u{ce3}',  // 0x78
];

/// TS 23.038 A.3.8 Malayalam National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const MALAYALAM_LOCKING: [char; 128] = [
    NA, '\u{d02}', '\u{d03}', '\u{d05}', '\u{d06}', '\u{d07}', '\u{d08}', '\u{d09}',  // 0x00
    '\u{d0a}', '\u{d0b}', '\u{a}', '\u{d0c}', NA, '\u{d}', '\u{d0e}', '\u{d0f}',  // 0x08
    '\u{d10}', NA, '\u{d12}', '\u{d13}', '\u{d14}', '\u{d15}', '\u{d16}', '\u{d17}',  // 0x10
    '\u{d18}', '\u{d19}', '\u{d1a}', NA, '\u{d1b}', '\u{d1c}', '\u{d1d}', '\u{d1e}',  // 0x18
    ' ', '!', '\u{d1f}', '\u{d20}', '\u{d21}', '\u{d22}', '\u{d23}', '\u{d24}',  // 0x20
    ')', '(', '\u{d25}', '\u{d26}', ',', '\u{d27}', '.', '\u{d28}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', NA, '\u{d2a}', '\u{d2b}', '?',  // 0x38
    '\u{d2c}', '\u{d2d}', '\u{d2e}', '\u{d2f}', '\u{d30}', '\u{d31}', '\u{d32}', '\u{d33}',  // 0x40
    '\u{d34}', '\u{d35}', '\u{d36}', '\u{d37}', '\u{d38}', '\u{d39}', NA, '\u{d3d}',  // 0x48
    '\u{d3e}', '\u{d3f}', '\u{d40}', '\u{d41}', '\u{d42}', '\u{d43}', '\u{d44}', NA,  // 0x50
    '\u{d46}', '\u{d47}', '\u{d48}', NA, '\u{d4a}', '\u{d4b}', '\u{d4c}', '\u{d4d}',  // 0x58
    '\u{d57}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{d60}', '\u{d61}', '\u{d62}', '\u{d63}', '\u{d79}',  // 0x78
];

/// TS 23.038 A.3.9 Oriya National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const ORIYA_LOCKING: [char; 128] = [
    '\u{b01}', '\u{b02}', '\u{b03}', '\u{b05}', '\u{b06}', '\u{b07}', '\u{b08}', '\u{b09}',  // 0x00
    '\u{b0a}', '\u{b0b}', '\u{a}', '\u{b0c}', NA, '\u{d}', NA, '\u{b0f}',  // 0x08
    '\u{b10}', NA, NA, '\u{b13}', '\u{b14}', '\u{b15}', '\u{b16}', '\u{b17}',  // 0x10
    '\u{b18}', '\u{b19}', '\u{b1a}', NA, '\u{b1b}', '\u{b1c}', '\u{b1d}', '\u{b1e}',  // 0x18
    ' ', '!', '\u{b1f}', '\u{b20}', '\u{b21}', '\u{b22}', '\u{b23}', '\u{b24}',  // 0x20
    ')', '(', '\u{b25}', '\u{b26}', ',', '\u{b27}', '.', '\u{b28}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', NA, '\u{b2a}', '\u{b2b}', '?',  // 0x38
    '\u{b2c}', '\u{b2d}', '\u{b2e}', '\u{b2f}', '\u{b30}', NA, '\u{b32}', '\u{b33}',  // 0x40
    NA, '\u{b35}', '\u{b36}', '\u{b37}', '\u{b38}', '\u{b39}', '\u{b3c}', '\u{b3d}',  // 0x48
    '\u{b3e}', '\u{b3f}', '\u{b40}', '\u{b41}', '\u{b42}', '\u{b43}', '\u{b44}', NA,  // 0x50
    NA, '\u{b47}', '\u{b48}', NA, NA, '\u{b4b}', '\u{b4c}', '\u{b4d}',  // 0x58
    '\u{b56}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{b57}', '\u{b60}', '\u{b61}', '\u{b62}', '\u{b63}',  // 0x78
];

/// TS 23.038 A.3.10 Punjabi National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const PUNJABI_LOCKING: [char; 128] = [
    '\u{a01}', '\u{a02}', '\u{a03}', '\u{a05}', '\u{a06}', '\u{a07}', '\u{a08}', '\u{a09}',  // 0x00
    '\u{a0a}', NA, '\u{a}', NA, NA, '\u{d}', NA, '\u{a0f}',  // 0x08
    '\u{a10}', NA, NA, '\u{a13}', '\u{a14}', '\u{a15}', '\u{a16}', '\u{a17}',  // 0x10
    '\u{a18}', '\u{a19}', '\u{a1a}', NA, '\u{a1b}', '\u{a1c}', '\u{a1d}', '\u{a1e}',  // 0x18
    ' ', '!', '\u{a1f}', '\u{a20}', '\u{a21}', '\u{a22}', '\u{a23}', '\u{a24}',  // 0x20
    ')', '(', '\u{a25}', '\u{a26}', ',', '\u{a27}', '.', '\u{a28}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', NA, '\u{a2a}', '\u{a2b}', '?',  // 0x38
    '\u{a2c}', '\u{a2d}', '\u{a2e}', '\u{a2f}', '\u{a30}', NA, '\u{a32}', '\u{a33}',  // 0x40
    NA, '\u{a35}', '\u{a36}', NA, '\u{a38}', '\u{a39}', '\u{a3c}', NA,  // 0x48
    '\u{a3e}', '\u{a3f}', '\u{a40}', '\u{a41}', '\u{a42}', NA, NA, NA,  // 0x50
    NA, '\u{a47}', '\u{a48}', NA, NA, '\u{a4b}', '\u{a4c}', '\u{a4d}',  // 0x58
    '\u{a51}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{a70}', '\u{a71}', '\u{a72}', '\u{a73}', '\u{a74}',  // 0x78
];

/// TS 23.038 A.3.11 Tamil National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const TAMIL_LOCKING: [char; 128] = [
    NA, '\u{b82}', '\u{b83}', '\u{b85}', '\u{b86}', '\u{b87}', '\u{b88}', '\u{b89}',  // 0x00
    '\u{b8a}', NA, '\u{a}', NA, NA, '\u{d}', '\u{b8e}', '\u{b8f}',  // 0x08
    '\u{b90}', NA, '\u{b92}', '\u{b93}', '\u{b94}', '\u{b95}', NA, NA,  // 0x10
    NA, '\u{b99}', '\u{b9a}', NA, NA, '\u{b9c}', NA, '\u{b9e}',  // 0x18
    ' ', '!', '\u{b9f}', NA, NA, NA, '\u{ba3}', '\u{ba4}',  // 0x20
    ')', '(', NA, NA, ',', NA, '.', '\u{ba8}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', '\u{ba9}', '\u{baa}', NA, '?',  // 0x38
    NA, NA, '\u{bae}', '\u{baf}', '\u{bb0}', '\u{bb1}', '\u{bb2}', '\u{bb3}',  // 0x40
    '\u{bb4}', '\u{bb5}', '\u{bb6}', '\u{bb7}', '\u{bb8}', '\u{bb9}', NA, NA,  // 0x48
    '\u{bbe}', '\u{bbf}', '\u{bc0}', '\u{bc1}', '\u{bc2}', NA, NA, NA,  // 0x50
    '\u{bc6}', '\u{bc7}', '\u{bc8}', NA, '\u{bca}', '\u{bcb}', '\u{bcc}', '\u{bcd}',  // 0x58
    '\u{bd0}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{bd7}', '\u{bf0}', '\u{bf1}', '\u{bf2}', '\u{bf9}',  // 0x78
];

/// TS 23.038 A.3.12 Telugu National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const TELUGU_LOCKING: [char; 128] = [
    '\u{c01}', '\u{c02}', '\u{c03}', '\u{c05}', '\u{c06}', '\u{c07}', '\u{c08}', '\u{c09}',  // 0x00
    '\u{c0a}', '\u{c0b}', '\u{a}', '\u{c0c}', NA, '\u{d}', '\u{c0e}', '\u{c0f}',  // 0x08
    '\u{c10}', NA, '\u{c12}', '\u{c13}', '\u{c14}', '\u{c15}', '\u{c16}', '\u{c17}',  // 0x10
    '\u{c18}', '\u{c19}', '\u{c1a}', NA, '\u{c1b}', '\u{c1c}', '\u{c1d}', '\u{c1e}',  // 0x18
    ' ', '!', '\u{c1f}', '\u{c20}', '\u{c21}', '\u{c22}', '\u{c23}', '\u{c24}',  // 0x20
    ')', '(', '\u{c25}', '\u{c26}', ',', '\u{c27}', '.', '\u{c28}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', NA, '\u{c2a}', '\u{c2b}', '?',  // 0x38
    '\u{c2c}', '\u{c2d}', '\u{c2e}', '\u{c2f}', '\u{c30}', '\u{c31}', '\u{c32}', '\u{c33}',  // 0x40
    NA, '\u{c35}', '\u{c36}', '\u{c37}', '\u{c38}', '\u{c39}', NA, '\u{c3d}',  // 0x48
    '\u{c3e}', '\u{c3f}', '\u{c40}', '\u{c41}', '\u{c42}', '\u{c43}', '\u{c44}', NA,  // 0x50
    '\u{c46}', '\u{c47}', '\u{c48}', NA, '\u{c4a}', '\u{c4b}', '\u{c4c}', '\u{c4d}',  // 0x58
    '\u{c55}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{c56}', '\u{c60}', '\u{c61}', '\u{c62}', '\u{c63}',  // 0x78
];

/// TS 23.038 A.3.13 Urdu National Language Locking Shift Table.
#[rustfmt::skip]
pub(crate) const URDU_LOCKING: [char; 128] = [
    '\u{627}', '\u{622}', '\u{628}', '\u{67b}', '\u{680}', '\u{67e}', '\u{6a6}', '\u{62a}',  // 0x00
    '\u{6c2}', '\u{67f}', '\u{a}', '\u{679}', '\u{67d}', '\u{d}', '\u{67a}', '\u{67c}',  // 0x08
    '\u{62b}', '\u{62c}', '\u{681}', '\u{684}', '\u{683}', '\u{685}', '\u{686}', '\u{687}',  // 0x10
    '\u{62d}', '\u{62e}', '\u{62f}', NA, '\u{68c}', '\u{688}', '\u{689}', '\u{68a}',  // 0x18
    ' ', '!', '\u{68f}', '\u{68d}', '\u{630}', '\u{631}', '\u{691}', '\u{693}',  // 0x20
    ')', '(', '\u{699}', '\u{632}', ',', '\u{696}', '.', '\u{698}',  // 0x28
    '0', '1', '2', '3', '4', '5', '6', '7',  // 0x30
    '8', '9', ':', ';', '\u{69a}', '\u{633}', '\u{634}', '?',  // 0x38
    '\u{635}', '\u{636}', '\u{637}', '\u{638}', '\u{639}', '\u{641}', '\u{642}', '\u{6a9}',  // 0x40
    '\u{6aa}', '\u{6ab}', '\u{6af}', '\u{6b3}', '\u{6b1}', '\u{644}', '\u{645}', '\u{646}',  // 0x48
    '\u{6ba}', '\u{6bb}', '\u{6bc}', '\u{648}', '\u{6c4}', '\u{6d5}', '\u{6c1}', '\u{6be}',  // 0x50
    '\u{621}', '\u{6cc}', '\u{6d0}', '\u{6d2}', '\u{64d}', '\u{650}', '\u{64f}', '\u{657}',  // 0x58
    '\u{654}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',  // 0x60
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',  // 0x68
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',  // 0x70
    'x', 'y', 'z', '\u{655}', '\u{651}', '\u{653}', '\u{656}', '\u{670}',  // 0x78
];

/// TS 23.038 6.2.1.1 GSM 7 bit default alphabet extension table.
#[rustfmt::skip]
pub(crate) const DEFAULT_SHIFT: [char; 128] = [
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x00
    NA, NA, '\u{c}', NA, NA, NA, NA, NA,  // 0x08
    NA, NA, NA, NA, '^', NA, NA, NA,  // 0x10
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x18
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x20
    '{', '}', NA, NA, NA, NA, NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', NA, NA, NA, NA, NA, NA, NA,  // 0x40
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x48
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x50
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.1 Turkish National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const TURKISH_SHIFT: [char; 128] = [
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x00
    NA, NA, '\u{c}', NA, NA, NA, NA, NA,  // 0x08
    NA, NA, NA, NA, '^', NA, NA, NA,  // 0x10
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x18
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x20
    '{', '}', NA, NA, NA, NA, NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', NA, NA, NA, NA, NA, NA, '\u{11e}',  // 0x40
    NA, '\u{130}', NA, NA, NA, NA, NA, NA,  // 0x48
    NA, NA, NA, '\u{15e}', NA, NA, NA, NA,  // 0x50
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, '\u{e7}', NA, '\u{20ac}', NA, '\u{11f}',  // 0x60
    NA, '\u{131}', NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, '\u{15f}', NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.2 Spanish National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const SPANISH_SHIFT: [char; 128] = [
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x00
    NA, '\u{e7}', '\u{c}', NA, NA, NA, NA, NA,  // 0x08
    NA, NA, NA, NA, '^', NA, NA, NA,  // 0x10
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x18
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x20
    '{', '}', NA, NA, NA, NA, NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', '\u{c1}', NA, NA, NA, NA, NA, NA,  // 0x40
    NA, '\u{cd}', NA, NA, NA, NA, NA, '\u{d3}',  // 0x48
    NA, NA, NA, NA, NA, '\u{da}', NA, NA,  // 0x50
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x58
    NA, '\u{e1}', NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, '\u{ed}', NA, NA, NA, NA, NA, '\u{f3}',  // 0x68
    NA, NA, NA, NA, NA, '\u{fa}', NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.3 Portuguese National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const PORTUGUESE_SHIFT: [char; 128] = [
    NA, NA, NA, NA, NA, '\u{ea}', NA, NA,  // 0x00
    NA, '\u{e7}', '\u{c}', '\u{d4}', '\u{f4}', NA, '\u{c1}', '\u{e1}',  // 0x08
    NA, NA, '\u{3a6}', '\u{393}', '^', '\u{3a9}', '\u{3a0}', '\u{3a8}',  // 0x10
    '\u{3a3}', '\u{398}', NA, NA, NA, NA, NA, '\u{ca}',  // 0x18
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x20
    '{', '}', NA, NA, NA, NA, NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', '\u{c0}', NA, NA, NA, NA, NA, NA,  // 0x40
    NA, '\u{cd}', NA, NA, NA, NA, NA, '\u{d3}',  // 0x48
    NA, NA, NA, NA, NA, '\u{da}', NA, NA,  // 0x50
    NA, NA, NA, '\u{c3}', '\u{d5}', NA, NA, NA,  // 0x58
    NA, '\u{c2}', NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, '\u{ed}', NA, NA, NA, NA, NA, '\u{f3}',  // 0x68
    NA, NA, NA, NA, NA, '\u{fa}', NA, NA,  // 0x70
    NA, NA, NA, '\u{e3}', '\u{f5}', NA, NA, '\u{e2}',  // 0x78
];

/// TS 23.038 A.2.4 Bengali National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const BENGALI_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{9e6}', '\u{9e7}', NA, '\u{9e8}', '\u{9e9}', '\u{9ea}', '\u{9eb}',  // 0x18
    '\u{9ec}', '\u{9ed}', '\u{9ee}', '\u{9ef}', '\u{9df}', '\u{9e0}', '\u{9e1}', '\u{9e2}',  // 0x20
    '{', '}', '\u{9e3}', '\u{9f2}', '\u{9f3}', '\u{9f4}', '\u{9f5}', '\\',  // 0x28
    '\u{9f6}', '\u{9f7}', '\u{9f8}', '\u{9f9}', '\u{9fa}', NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.5 Gujarati National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const GUJARATI_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{964}', '\u{965}', NA, '\u{ae6}', '\u{ae7}', '\u{ae8}', '\u{ae9}',  // 0x18
    '\u{aea}', '\u{aeb}', '\u{aec}', '\u{aed}', '\u{aee}', '\u{aef}', NA, NA,  // 0x20
    '{', '}', NA, NA, NA, NA, NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.6 Hindi National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const HINDI_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{964}', '\u{965}', NA, '\u{966}', '\u{967}', '\u{968}', '\u{969}',  // 0x18
    '\u{96a}', '\u{96b}', '\u{96c}', '\u{96d}', '\u{96e}', '\u{96f}', '\u{951}', '\u{952}',  // 0x20
    '{', '}', '\u{953}', '\u{954}', '\u{958}', '\u{959}', '\u{95a}', '\\',  // 0x28
    '\u{95b}', '\u{95c}', '\u{95d}', '\u{95e}', '\u{95f}', '\u{960}', '\u{961}', '\u{962}',  // 0x30
    '\u{963}', '\u{970}', '\u{971}', NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.7 Kannada National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const KANNADA_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{964}', '\u{965}', NA, '\u{ce6}', '\u{ce7}', '\u{ce8}', '\u{ce9}',  // 0x18
    '\u{cea}', '\u{ceb}', '\u{cec}', '\u{ced}', '\u{cee}', '\u{cef}', '\u{cde}', '\u{cf1}',  // 0x20
    '{', '}', '\u{cf2}', NA, NA, NA, NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.8 Malayalam National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const MALAYALAM_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{964}', '\u{965}', NA, '\u{d66}', '\u{d67}', '\u{d68}', '\u{d69}',  // 0x18
    '\u{d6a}', '\u{d6b}', '\u{d6c}', '\u{d6d}', '\u{d6e}', '\u{d6f}', '\u{d70}', '\u{d71}',  // 0x20
    '{', '}', '\u{d72}', '\u{d73}', '\u{d74}', '\u{d75}', '\u{d7a}', '\\',  // 0x28
    '\u{d7b}', '\u{d7c}', '\u{d7d}', '\u{d7e}', '\u{d7f}', NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.9 Oriya National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const ORIYA_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{964}', '\u{965}', NA, '\u{b66}', '\u{b67}', '\u{b68}', '\u{b69}',  // 0x18
    '\u{b6a}', '\u{b6b}', '\u{b6c}', '\u{b6d}', '\u{b6e}', '\u{b6f}', '\u{b5c}', '\u{b5d}',  // 0x20
    '{', '}', '\u{b5f}', '\u{b70}', '\u{b71}', NA, NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.10 Punjabi National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const PUNJABI_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{964}', '\u{965}', NA, '\u{a66}', '\u{a67}', '\u{a68}', '\u{a69}',  // 0x18
    '\u{a6a}', '\u{a6b}', '\u{a6c}', '\u{a6d}', '\u{a6e}', '\u{a6f}', '\u{a59}', '\u{a5a}',  // 0x20
    '{', '}', '\u{a5b}', '\u{a5c}', '\u{a5e}', '\u{a75}', NA, '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.11 Tamil National Language Single Shift Table.
///
/// 0x24 is U+0BEE: TS 23.038 V9.1.1 prints U+0BEF (a typo); corrected as AOSP does.
#[rustfmt::skip]
pub(crate) const TAMIL_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{964}', '\u{965}', NA, '\u{be6}', '\u{be7}', '\u{be8}', '\u{be9}',  // 0x18
    '\u{bea}', '\u{beb}', '\u{bec}', '\u{bed}', '\u{bee}', '\u{bef}', '\u{bf3}', '\u{bf4}',  // 0x20
    '{', '}', '\u{bf5}', '\u{bf6}', '\u{bf7}', '\u{bf8}', '\u{bfa}', '\\',  // 0x28
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.12 Telugu National Language Single Shift Table.
///
/// 0x22-0x23 are U+0C6C U+0C6D: TS 23.038 V9.1.1 prints U+06CC U+06CD (a typo); corrected as AOSP does.
#[rustfmt::skip]
pub(crate) const TELUGU_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', NA, NA, NA, '\u{c66}', '\u{c67}', '\u{c68}', '\u{c69}',  // 0x18
    '\u{c6a}', '\u{c6b}', '\u{c6c}', '\u{c6d}', '\u{c6e}', '\u{c6f}', '\u{c58}', '\u{c59}',  // 0x20
    '{', '}', '\u{c78}', '\u{c79}', '\u{c7a}', '\u{c7b}', '\u{c7c}', '\\',  // 0x28
    '\u{c7d}', '\u{c7e}', '\u{c7f}', NA, NA, NA, NA, NA,  // 0x30
    NA, NA, NA, NA, '[', '~', ']', NA,  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];

/// TS 23.038 A.2.13 Urdu National Language Single Shift Table.
#[rustfmt::skip]
pub(crate) const URDU_SHIFT: [char; 128] = [
    '@', '\u{a3}', '$', '\u{a5}', '\u{bf}', '"', '\u{a4}', '%',  // 0x00
    '&', '\'', '\u{c}', '*', '+', NA, '-', '/',  // 0x08
    '<', '=', '>', '\u{a1}', '^', '\u{a1}', '_', '#',  // 0x10
    '*', '\u{600}', '\u{601}', NA, '\u{6f0}', '\u{6f1}', '\u{6f2}', '\u{6f3}',  // 0x18
    '\u{6f4}', '\u{6f5}', '\u{6f6}', '\u{6f7}', '\u{6f8}', '\u{6f9}', '\u{60c}', '\u{60d}',  // 0x20
    '{', '}', '\u{60e}', '\u{60f}', '\u{610}', '\u{611}', '\u{612}', '\\',  // 0x28
    '\u{613}', '\u{614}', '\u{61b}', '\u{61f}', '\u{640}', '\u{652}', '\u{658}', '\u{66b}',  // 0x30
    '\u{66c}', '\u{672}', '\u{673}', '\u{6cd}', '[', '~', ']', '\u{6d4}',  // 0x38
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',  // 0x40
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',  // 0x48
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',  // 0x50
    'X', 'Y', 'Z', NA, NA, NA, NA, NA,  // 0x58
    NA, NA, NA, NA, NA, '\u{20ac}', NA, NA,  // 0x60
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x68
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x70
    NA, NA, NA, NA, NA, NA, NA, NA,  // 0x78
];
