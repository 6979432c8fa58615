//! Small helpers: running commands with a clear error, paths of the project.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Errors are messages for the person at the terminal.
pub type Result<T> = std::result::Result<T, String>;

/// The repository's root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    // `cargo run` sets it at run time too: a binary built in another clone
    // that shares the target directory still works on this one.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// The project's ignored local state: `.canal/` (wrangler state, caches, demo credentials).
pub fn state_dir() -> PathBuf {
    root().join(".canal")
}

/// The cargo that runs this xtask.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// A command run from the repository root.
pub fn cmd(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    c
}

/// Runs `c` as the step `name`, failing with the step's name.
pub fn step(name: &str, c: &mut Command) -> Result<()> {
    eprintln!("==> {name}");
    let status = c
        .status()
        .map_err(|e| format!("{name}: could not start {:?}: {e}", c.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

/// Runs `c` quietly and returns its standard output.
pub fn output(c: &mut Command) -> Result<String> {
    let out = c
        .output()
        .map_err(|e| format!("could not start {:?}: {e}", c.get_program()))?;
    if !out.status.success() {
        return Err(format!(
            "{:?} failed: {}",
            c.get_program(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `n` random bytes as lowercase letters and digits.
pub fn random_token(n: usize) -> Result<String> {
    use std::io::Read;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("cannot read random bytes: {e}"))?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect())
}

/// Whether `output` exists and is newer than every one of `inputs`.
pub fn is_fresh(output: &Path, inputs: &[&Path]) -> bool {
    let Ok(out) = output.metadata().and_then(|m| m.modified()) else {
        return false;
    };
    inputs.iter().all(|i| {
        i.metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t <= out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens_have_the_length_asked() {
        let t = random_token(20).unwrap();
        assert_eq!(t.len(), 20);
        assert!(t.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(t, random_token(20).unwrap());
    }

    #[test]
    fn a_missing_output_is_not_fresh() {
        assert!(!is_fresh(Path::new("/nonexistent/canal"), &[]));
    }
}
