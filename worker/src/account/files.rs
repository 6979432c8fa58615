//! #21: the account's rules for files (size and kinds), which every
//! conversation's object asks for before an upload.

use canal_shared::files::FileLimits;

use super::*;

/// The key of the file rules in `account_settings`.
const FILES: &str = "files";

impl Account {
    /// The account's rules for files (the defaults until an admin saves).
    pub(super) fn file_limits(&self) -> ApiResult<FileLimits> {
        #[derive(Deserialize)]
        struct Row {
            v: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT v FROM account_settings WHERE k = ?",
                vec![FILES.into()],
            )?
            .to_array()?;
        match rows.first() {
            Some(r) => serde_json::from_str(&r.v).map_err(internal_error),
            None => Ok(FileLimits::default()),
        }
    }

    /// `/files/limits/save`: the rules, validated again.
    pub(super) fn save_file_limits(&self, limits: FileLimits) -> ApiResult<Response> {
        let limits = limits.validate().map_err(Failure::bad_request)?;
        self.sql.exec(
            "INSERT INTO account_settings (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            vec![FILES.into(), to_json(&limits)?.into()],
        )?;
        json(&limits)
    }
}
