//! Randomness and password hashing through the runtime's WebCrypto.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// PBKDF2 iterations (the Workers runtime's maximum).
pub const PBKDF2_ITERATIONS: u32 = 100_000;

fn crypto() -> worker::Result<web_sys::Crypto> {
    let c = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))?;
    Ok(c.unchecked_into())
}

/// `N` bytes from the runtime's CSPRNG.
pub fn random_bytes<const N: usize>() -> worker::Result<[u8; N]> {
    let mut buf = [0u8; N];
    crypto()?.get_random_values_with_u8_array(&mut buf)?;
    Ok(buf)
}

/// The current time from the runtime (the only clock read of the worker's handlers).
pub fn now() -> canal_shared::time::Timestamp {
    canal_shared::time::Timestamp(worker::Date::now().as_millis() as i64)
}

/// PBKDF2-HMAC-SHA256 of `password` with `salt`.
pub async fn pbkdf2(password: &str, salt: &[u8], iterations: u32) -> worker::Result<Vec<u8>> {
    let subtle = crypto()?.subtle();
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let key = JsFuture::from(subtle.import_key_with_str(
        "raw",
        &Uint8Array::from(password.as_bytes()),
        "PBKDF2",
        false,
        &usages,
    )?)
    .await?;
    let params = Object::new();
    Reflect::set(&params, &"name".into(), &"PBKDF2".into())?;
    Reflect::set(&params, &"hash".into(), &"SHA-256".into())?;
    Reflect::set(&params, &"salt".into(), &Uint8Array::from(salt))?;
    Reflect::set(&params, &"iterations".into(), &JsValue::from(iterations))?;
    let bits =
        JsFuture::from(subtle.derive_bits_with_object(&params, &key.unchecked_into(), 256)?)
            .await?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// Hashes a new password: `pbkdf2-sha256$iterations$salt$hash` (hex).
pub async fn hash_password(password: &str) -> worker::Result<String> {
    let salt = random_bytes::<16>()?;
    let hash = pbkdf2(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok(format!(
        "pbkdf2-sha256${PBKDF2_ITERATIONS}${}${}",
        hex(&salt),
        hex(&hash)
    ))
}

/// Checks `password` against a stored hash, in constant time over the digest.
pub async fn verify_password(password: &str, stored: &str) -> worker::Result<bool> {
    let parts: Vec<&str> = stored.split('$').collect();
    let [scheme, iterations, salt, hash] = parts[..] else {
        return Ok(false);
    };
    let (Ok(iterations), Some(salt), Some(hash)) =
        (iterations.parse::<u32>(), unhex(salt), unhex(hash))
    else {
        return Ok(false);
    };
    if scheme != "pbkdf2-sha256" {
        return Ok(false);
    }
    let got = pbkdf2(password, &salt, iterations).await?;
    Ok(canal_shared::token::constant_time_eq(&got, &hash))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    canal_shared::ids::random_id("", bytes)
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}
