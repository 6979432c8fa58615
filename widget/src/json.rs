//! A small JSON reader.
//!
//! The widget sends JSON with `serde_json` (from the shared types' derived
//! `Serialize`), but reads it with this: serde's derived decoders, and the
//! error messages they format, cost about 35 KB of the widget's gzipped
//! wasm, a third of its budget. The protocol needs objects, arrays,
//! strings, integers, booleans and null; other numbers are parsed (so
//! unknown fields are skipped) but have no integer value.

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number: its value if it is an integer that fits an `i64`.
    Num(Option<i64>),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, its members in order.
    Obj(Vec<(String, Json)>),
}

/// Deepest nesting accepted.
const MAX_DEPTH: u32 = 64;

impl Json {
    /// Parses a whole document; `None` if it is not valid JSON.
    pub fn parse(text: &str) -> Option<Json> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value(0)?;
        p.ws();
        (p.i == p.s.len()).then_some(v)
    }

    /// The member `key` of an object (missing and `null` members are
    /// `None`, as serde treats them for optional fields).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .filter(|v| **v != Json::Null),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of an integer.
    pub fn int(&self) -> Option<i64> {
        match self {
            Json::Num(n) => *n,
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn arr(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The string member `key`, owned.
    pub fn string(&self, key: &str) -> Option<String> {
        self.get(key)?.str().map(str::to_owned)
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        let hit = self.peek() == Some(b);
        self.i += usize::from(hit);
        hit
    }

    fn word(&mut self, w: &str, v: Json) -> Option<Json> {
        let end = self.i + w.len();
        (self.s.get(self.i..end)? == w.as_bytes()).then(|| {
            self.i = end;
            v
        })
    }

    fn value(&mut self, depth: u32) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'{' => {
                self.i += 1;
                let mut m = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        let k = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        m.push((k, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Obj(m))
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                if !self.eat(b']') {
                    loop {
                        a.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Arr(a))
            }
            b'"' => self.string().map(Json::Str),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            _ => self.number(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Option<Json> {
        let neg = self.peek() == Some(b'-');
        self.i += usize::from(neg);
        let start = self.i;
        let n = self.digits();
        if n == 0 || (n > 1 && self.s[start] == b'0') {
            return None;
        }
        let int_end = self.i;
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.i += 1;
            integer = false;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let value = integer
            .then(|| {
                self.s[start..int_end].iter().try_fold(0i64, |acc, d| {
                    let d = i64::from(d - b'0');
                    acc.checked_mul(10)?.checked_add(if neg { -d } else { d })
                })
            })
            .flatten();
        Some(Json::Num(value))
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }

    /// A string starting at the current `"`.
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let b = self.peek()?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    let c = match e {
                        b'"' | b'\\' | b'/' => e.into(),
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2)? != b"\\u" {
                                    return None;
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return None,
                _ => out.push(b),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_serde_json_writes() {
        let raw = serde_json::json!({
            "a": [1, -2, 3.5, 1e3, true, false, null],
            "s": "q\"\\/\n\t\u{1}é😀<b>",
            "o": {},
            "big": 9_007_199_254_740_993u64,
        })
        .to_string();
        let j = Json::parse(&raw).unwrap();
        let a = j.get("a").unwrap().arr().unwrap();
        assert_eq!(a[0].int(), Some(1));
        assert_eq!(a[1].int(), Some(-2));
        assert_eq!(a[2], Json::Num(None));
        assert_eq!(a[3], Json::Num(None));
        assert_eq!(a[4].bool(), Some(true));
        assert_eq!(a[6], Json::Null);
        assert_eq!(j.get("s").unwrap().str(), Some("q\"\\/\n\t\u{1}é😀<b>"));
        assert_eq!(j.get("o"), Some(&Json::Obj(vec![])));
        assert_eq!(j.get("big").unwrap().int(), Some(9_007_199_254_740_993));
        assert_eq!(j.get("missing"), None);
    }

    #[test]
    fn escapes_and_surrogates() {
        let j = Json::parse(r#" "\u00e9\ud83d\ude00\u0041" "#).unwrap();
        assert_eq!(j.str(), Some("é😀A"));
        assert_eq!(Json::parse(r#""\ud83d""#), None);
        assert_eq!(Json::parse(r#""\ude00""#), None);
    }

    #[test]
    fn refuses_junk() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "01",
            "-",
            "1.",
            "1e",
            "tru",
            "\"a",
            "\"\u{1}\"",
            "{} x",
            "[1 2]",
            "nul",
        ] {
            assert_eq!(Json::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Json::parse(&"[".repeat(100)), None);
        assert_eq!(Json::parse("99999999999999999999"), Some(Json::Num(None)));
    }
}
