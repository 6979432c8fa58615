//! Short names for a web app's imports: wasm-bindgen names each after its
//! function and a hash (`__wbg_put_f88c9f343e9e2b63`), written in the
//! wasm's import section and again in the JS bindings that provide them.
//! Renamed `_0`, `_1`… in both, the app works the same; the hashes were
//! bytes gzip cannot shrink (BENCHMARKS.md, 2026-12-08).

use std::path::Path;

use crate::util::Result;

/// Renames every import of `wasm` that `js` provides (as an object key
/// `name:` found exactly once), in both files.
pub fn shorten(wasm: &Path, js: &Path) -> Result<()> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let mut text =
        std::fs::read_to_string(js).map_err(|e| format!("cannot read {}: {e}", js.display()))?;
    let out = rename(&bytes, &mut text)?;
    std::fs::write(wasm, out).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    std::fs::write(js, text).map_err(|e| format!("cannot write {}: {e}", js.display()))
}

/// The module with its imports renamed, and `js` with the same names.
fn rename(bytes: &[u8], js: &mut String) -> Result<Vec<u8>> {
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut out = bytes[..8].to_vec();
    let mut at = 8;
    let mut next = 0u32;
    while at < bytes.len() {
        let id = bytes[at];
        at += 1;
        let size = leb(bytes, &mut at)? as usize;
        let body = bytes
            .get(at..at + size)
            .ok_or("a section runs past the end")?;
        at += size;
        let body = match id {
            2 => imports(body, js, &mut next)?,
            _ => body.to_vec(),
        };
        out.push(id);
        put_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    Ok(out)
}

/// The import section with its names renamed where `js` provides them.
fn imports(body: &[u8], js: &mut String, next: &mut u32) -> Result<Vec<u8>> {
    let mut at = 0;
    let count = leb(body, &mut at)?;
    let mut out = Vec::new();
    put_leb(&mut out, count);
    for _ in 0..count {
        let start = at;
        let len = leb(body, &mut at)? as usize;
        at += len;
        out.extend_from_slice(
            body.get(start..at)
                .ok_or("a module name runs past the end")?,
        );
        let len = leb(body, &mut at)? as usize;
        let name = body.get(at..at + len).ok_or("a name runs past the end")?;
        at += len;
        let name = std::str::from_utf8(name).map_err(|e| format!("an import's name: {e}"))?;
        let new = match provided_once(js, name) {
            Some(k) => {
                let short = format!("_{}", base36(*next));
                *next += 1;
                js.replace_range(k..k + name.len(), &short);
                short
            }
            None => name.to_owned(),
        };
        put_leb(&mut out, new.len() as u64);
        out.extend_from_slice(new.as_bytes());
        let start = at;
        let kind = *body.get(at).ok_or("an import without its kind")?;
        at += 1;
        match kind {
            // A function: its type's index; a tag: an attribute, the index.
            0 => drop(leb(body, &mut at)?),
            4 => {
                at += 1;
                leb(body, &mut at)?;
            }
            // A table: its element type, then limits; a memory: limits.
            1 | 2 => {
                at += usize::from(kind == 1);
                let flags = *body.get(at).ok_or("limits without flags")?;
                at += 1;
                leb(body, &mut at)?;
                if flags & 1 == 1 {
                    leb(body, &mut at)?;
                }
            }
            // A global: its value type, then whether it is mutable.
            3 => at += 2,
            _ => return Err(format!("an import of unknown kind {kind}")),
        }
        out.extend_from_slice(body.get(start..at).ok_or("an import runs past the end")?);
    }
    if at != body.len() {
        return Err("the import section has bytes after its imports".into());
    }
    Ok(out)
}

/// Where `js` has `name:` as a key, if exactly once and not as the end of
/// a longer name.
fn provided_once(js: &str, name: &str) -> Option<usize> {
    let key = format!("{name}:");
    let mut found = js.match_indices(&key).filter(|(k, _)| {
        !js[..*k]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    });
    let first = found.next()?.0;
    found.next().is_none().then_some(first)
}

fn base36(mut n: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn leb(bytes: &[u8], at: &mut usize) -> Result<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*at).ok_or("a number runs past the end")?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(value);
        }
        shift += 7;
        if shift > 63 {
            return Err("a number too long".into());
        }
    }
}

fn put_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `f_1a2b` and `g` (a function and a global) and
    /// with a custom section after.
    fn module(f: &str, g: &str) -> Vec<u8> {
        let mut imports = vec![2];
        for (name, desc) in [(f, &[0u8, 0][..]), (g, &[3, 0x7f, 0][..])] {
            imports.push(3);
            imports.extend_from_slice(b"./m");
            imports.push(name.len() as u8);
            imports.extend_from_slice(name.as_bytes());
            imports.extend_from_slice(desc);
        }
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        m.push(2);
        m.push(imports.len() as u8);
        m.extend(imports);
        m.extend_from_slice(&[0, 3, 1, b'x', 9]);
        m
    }

    #[test]
    fn names_the_js_provides_are_shortened_in_both() {
        let mut js = "const i={__wbg_f_1a2b:function(){},g:1,xg:2};".to_owned();
        let out = rename(&module("__wbg_f_1a2b", "g"), &mut js).unwrap();
        assert_eq!(out, module("_0", "_1"));
        assert_eq!(js, "const i={_0:function(){},_1:1,xg:2};");
        // Not provided (or provided twice): left as it is.
        let mut js = "{h:1,h:2}".to_owned();
        assert_eq!(
            rename(&module("h", "k"), &mut js).unwrap(),
            module("h", "k")
        );
        assert_eq!(base36(0), "0");
        assert_eq!(base36(71), "1z");
    }
}
