//! Placeholder.
use wasm_bindgen::prelude::*;

/// Entry point.
#[wasm_bindgen(start)]
pub fn start() {}
