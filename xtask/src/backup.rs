//! `cargo xtask backup`: a copy of a `serve` data directory, taken while
//! Canal runs, that `serve` opens as it was at that instant.
//!
//! The Durable Objects' SQLite files are only consistent between writes, so
//! the running workerd is paused (`SIGSTOP`) while `v3/` is copied aside and
//! resumed (`SIGCONT`) at once: the copy is what a crash at that instant
//! would leave, which every object recovers from (the `restart` suite kills
//! workerd mid-conversation). The files (`files/`, written whole by atomic
//! renames), the unsent emails (`spool/`) and `secret` are copied after it
//! resumed: a file stored since is one more, never one missing. A stopped
//! Canal is copied as it is.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, Result};

/// What `serve` writes in the data directory: workerd's process id.
pub const PID_FILE: &str = "pid";

/// The parts of a data directory that are data (not `bundle/`, `lock`, `pid`).
const KEPT: [&str; 4] = ["v3", "files", "spool", "secret"];

/// The options, for the usage text.
pub const USAGE: &str = "  backup   a copy of a serve data directory as a .tar.gz, while it runs
           (`backup --data DIR --to FILE.tar.gz`; restore with
           `tar -xzf FILE.tar.gz -C DIR` into an empty directory)";

pub fn run(args: &[String]) -> Result<()> {
    let (mut data, mut to) = (std::env::var_os("CANAL_DATA").map(PathBuf::from), None);
    let mut args = args.iter();
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("backup: {a} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--data" => data = Some(value()?),
            "--to" => to = Some(value()?),
            other => return Err(format!("backup: unknown argument {other:?}\n{USAGE}")),
        }
    }
    let data = data.ok_or_else(|| format!("backup: give --data DIR\n{USAGE}"))?;
    let to = to.ok_or_else(|| format!("backup: give --to FILE.tar.gz\n{USAGE}"))?;
    let kept = backup(&data, &to)?;
    println!(
        "==> {} holds {} as it was at {}; restore: tar -xzf {} -C <empty data directory>",
        to.display(),
        data.display(),
        kept,
        to.display()
    );
    Ok(())
}

/// Writes the copy of `data` to `to`; says whether Canal was running.
pub fn backup(data: &Path, to: &Path) -> Result<&'static str> {
    if !data.join("v3").is_dir() {
        return Err(format!(
            "{} holds no Canal data (no v3/): give the directory `serve --data` uses",
            data.display()
        ));
    }
    let staging = to.with_extension("staging");
    let _ = std::fs::remove_dir_all(&staging);
    mkdir(&staging)?;
    let result = (|| {
        let when = match running(data)? {
            None => {
                copy_tree(&data.join("v3"), &staging.join("v3"))?;
                "it stood (Canal was stopped)"
            }
            Some(pid) => {
                signal(pid, "STOP")?;
                let copied = copy_tree(&data.join("v3"), &staging.join("v3"));
                signal(pid, "CONT")?;
                copied?;
                "this instant (Canal ran on, paused for the copy of v3/)"
            }
        };
        // Through the staging directory too, not read live by tar: workerd
        // may remove a temporary file of files/ while tar reads the
        // directory, which tar counts as an error.
        for part in KEPT.iter().skip(1) {
            let from = data.join(part);
            if from.is_dir() {
                copy_tree(&from, &staging.join(part))?;
            } else if from.is_file() {
                std::fs::copy(&from, staging.join(part))
                    .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
            }
        }
        let parts: Vec<&str> = KEPT
            .iter()
            .copied()
            .filter(|p| staging.join(p).exists())
            .collect();
        util::step(
            "tar",
            Command::new("tar")
                .arg("-czf")
                .arg(to)
                .arg("-C")
                .arg(&staging)
                .args(&parts),
        )?;
        Ok(when)
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// The process id of the workerd that runs on `data`, or `None` when no
/// Canal holds the directory's lock.
fn running(data: &Path) -> Result<Option<u32>> {
    let lock = data.join("lock");
    let Ok(file) = File::open(&lock) else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => return Ok(None),
        Err(TryLockError::WouldBlock) => {}
        Err(TryLockError::Error(e)) => return Err(format!("cannot lock {}: {e}", lock.display())),
    }
    let pid_file = data.join(PID_FILE);
    let pid = std::fs::read_to_string(&pid_file)
        .ok()
        .and_then(|p| p.trim().parse::<u32>().ok())
        .ok_or_else(|| {
            format!(
                "a Canal runs on {} but {} does not say which process: stop it, then back up",
                data.display(),
                pid_file.display()
            )
        })?;
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    if !String::from_utf8_lossy(&cmdline).contains("workerd") {
        return Err(format!(
            "a Canal runs on {} but process {pid} is not its workerd: stop it, then back up",
            data.display()
        ));
    }
    Ok(Some(pid))
}

fn signal(pid: u32, name: &str) -> Result<()> {
    util::output(
        Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string()),
    )
    .map(|_| ())
}

/// Copies the directory `from` to `to`, recursively (regular files only).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    mkdir(to)?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", src.display()))?;
        if kind.is_dir() {
            copy_tree(&src, &dst)?;
        } else if kind.is_file() {
            match std::fs::copy(&src, &dst) {
                Ok(_) => {}
                // A file renamed away meanwhile (a temporary one of files/).
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("cannot copy {}: {e}", src.display())),
            }
        }
    }
    Ok(())
}

fn mkdir(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(root: &Path) {
        for (path, text) in [
            ("v3/do/canal-Account/a.sqlite", "account"),
            ("files/c1/visitor/f1", "bytes"),
            ("files/c1/visitor/f1.meta", "{}"),
            ("spool/1.eml", "mail"),
            ("bundle/canal.capnp", "config"),
            ("secret", "s"),
            ("lock", ""),
        ] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    fn listing(archive: &Path) -> Vec<String> {
        let out = util::output(Command::new("tar").arg("-tzf").arg(archive)).unwrap();
        let mut files: Vec<String> = out
            .lines()
            .filter(|l| !l.ends_with('/'))
            .map(str::to_owned)
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_stopped_directory_is_copied_without_its_bundle_and_lock() {
        let dir = std::env::temp_dir().join(format!("canal-backup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        tree(&dir.join("data"));
        let to = dir.join("copy.tar.gz");
        assert_eq!(
            backup(&dir.join("data"), &to).unwrap(),
            "it stood (Canal was stopped)"
        );
        assert_eq!(
            listing(&to),
            [
                "files/c1/visitor/f1",
                "files/c1/visitor/f1.meta",
                "secret",
                "spool/1.eml",
                "v3/do/canal-Account/a.sqlite",
            ]
        );
        assert!(!dir.join("copy.staging").exists(), "the staging is gone");
        let err = backup(&dir.join("nothing"), &to).unwrap_err();
        assert!(err.contains("no v3/"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_locked_directory_without_its_process_is_refused() {
        let dir = std::env::temp_dir().join(format!("canal-backup-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        tree(&dir);
        let held = File::open(dir.join("lock")).unwrap();
        held.lock().unwrap();
        let err = running(&dir).unwrap_err();
        assert!(err.contains("does not say which process"), "{err}");
        std::fs::write(dir.join(PID_FILE), std::process::id().to_string()).unwrap();
        let err = running(&dir).unwrap_err();
        assert!(err.contains("is not its workerd"), "{err}");
        drop(held);
        assert_eq!(running(&dir).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
