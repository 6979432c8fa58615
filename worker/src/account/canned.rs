//! R-PR-1: the account's lists of predefined responses, and which list each
//! channel uses.
//!
//! A list is a row of `canned_lists` and its responses rows of
//! `canned_responses` (one each, in order), so no row grows with the list;
//! `channel_canned` holds the list a channel uses (no row: none).

use canal_shared::canned::{
    CannedError, CannedList, CannedListInput, CannedListRef, CannedLists, CannedResponse,
    ChannelCanned, ChannelResponses, MAX_LISTS,
};
use canal_shared::ids::CannedListId;
use canal_shared::protocol::Done;

use super::*;

/// `/canned/lists/save`: a new list (with the id to use) or a list's new
/// content.
#[derive(Serialize, Deserialize)]
pub struct SaveCannedList {
    pub input: CannedListInput,
    pub new_id: CannedListId,
}

impl Account {
    /// Every list, by name, with its responses in order.
    pub(super) fn canned_lists(&self) -> ApiResult<Response> {
        let lists: Vec<ListRow> = self
            .sql
            .exec(
                "SELECT id, name FROM canned_lists ORDER BY name COLLATE NOCASE, id",
                None,
            )?
            .to_array()?;
        let rows: Vec<ResponseRow> = self
            .sql
            .exec(
                "SELECT list_id, title, text, shortcut FROM canned_responses ORDER BY list_id, position",
                None,
            )?
            .to_array()?;
        let mut by_list: BTreeMap<String, Vec<CannedResponse>> = BTreeMap::new();
        for row in rows {
            by_list
                .entry(row.list_id.clone())
                .or_default()
                .push(row.response());
        }
        let lists = lists
            .into_iter()
            .map(|l| {
                let responses = by_list.remove(&l.id).unwrap_or_default();
                l.list(responses)
            })
            .collect::<ApiResult<_>>()?;
        json(&CannedLists { lists })
    }

    /// One list, if it exists.
    pub(super) fn canned_list(&self, id: &CannedListId) -> ApiResult<Option<CannedList>> {
        let lists: Vec<ListRow> = self
            .sql
            .exec(
                "SELECT id, name FROM canned_lists WHERE id = ?",
                vec![id.to_string().into()],
            )?
            .to_array()?;
        let Some(list) = lists.into_iter().next() else {
            return Ok(None);
        };
        let responses = self.canned_responses(id)?;
        list.list(responses).map(Some)
    }

    /// Whether list `id` exists.
    fn canned_list_exists(&self, id: &CannedListId) -> ApiResult<bool> {
        let rows: Vec<IdRow> = self
            .sql
            .exec(
                "SELECT id FROM canned_lists WHERE id = ?",
                vec![id.to_string().into()],
            )?
            .to_array()?;
        Ok(!rows.is_empty())
    }

    /// A list's responses, in order.
    fn canned_responses(&self, id: &CannedListId) -> ApiResult<Vec<CannedResponse>> {
        let rows: Vec<ResponseRow> = self
            .sql
            .exec(
                "SELECT list_id, title, text, shortcut FROM canned_responses WHERE list_id = ? ORDER BY position",
                vec![id.to_string().into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().map(ResponseRow::response).collect())
    }

    /// Adds a list (at most [`MAX_LISTS`]) or replaces an existing one's
    /// name and responses; answers the list as saved.
    pub(super) fn save_canned_list(&self, s: SaveCannedList) -> ApiResult<Response> {
        let (name, responses) = s
            .input
            .validate()
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        let id = match s.input.id {
            Some(id) => {
                if !self.canned_list_exists(&id)? {
                    return Err(Failure::not_found(CannedError::UnknownList(id).to_string()));
                }
                self.sql.exec(
                    "UPDATE canned_lists SET name = ? WHERE id = ?",
                    vec![name.into(), id.to_string().into()],
                )?;
                id
            }
            None => {
                let n: Vec<CountRow> = self
                    .sql
                    .exec("SELECT COUNT(*) AS n FROM canned_lists", None)?
                    .to_array()?;
                if n.first().map_or(0, |r| r.n) >= MAX_LISTS as i64 {
                    return Err(Failure::bad_request(CannedError::TooManyLists.to_string()));
                }
                self.sql.exec(
                    "INSERT INTO canned_lists (id, name) VALUES (?, ?)",
                    vec![s.new_id.to_string().into(), name.into()],
                )?;
                s.new_id
            }
        };
        self.replace_canned_responses(&id, &responses)?;
        json(&self.canned_list(&id)?)
    }

    /// Writes `responses` as the whole content of list `id`. No `await`
    /// between the writes, so they are stored together.
    fn replace_canned_responses(
        &self,
        id: &CannedListId,
        responses: &[CannedResponse],
    ) -> ApiResult<()> {
        self.sql.exec(
            "DELETE FROM canned_responses WHERE list_id = ?",
            vec![id.to_string().into()],
        )?;
        for (position, r) in responses.iter().enumerate() {
            self.sql.exec(
                "INSERT INTO canned_responses (list_id, position, title, text, shortcut) VALUES (?, ?, ?, ?, ?)",
                vec![
                    id.to_string().into(),
                    i64::try_from(position).map_err(internal_error)?.into(),
                    r.title.clone().into(),
                    r.text.clone().into(),
                    r.shortcut.clone().into(),
                ],
            )?;
        }
        Ok(())
    }

    /// Deletes a list; the channels that used it use none from now on.
    pub(super) fn delete_canned_list(&self, r: CannedListRef) -> ApiResult<Response> {
        if !self.canned_list_exists(&r.id)? {
            return Err(Failure::not_found(
                CannedError::UnknownList(r.id).to_string(),
            ));
        }
        let id = r.id.to_string();
        for sql in [
            "DELETE FROM canned_responses WHERE list_id = ?",
            "DELETE FROM channel_canned WHERE list_id = ?",
            "DELETE FROM canned_lists WHERE id = ?",
        ] {
            self.sql.exec(sql, vec![id.clone().into()])?;
        }
        json(&Done::OK)
    }

    /// The list `channel` uses, if any.
    fn channel_list(&self, channel: &ChannelId) -> ApiResult<Option<CannedListId>> {
        #[derive(Deserialize)]
        struct Row {
            list_id: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT list_id FROM channel_canned WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        rows.into_iter()
            .next()
            .map(|r| CannedListId::parse(&r.list_id).map_err(internal_error))
            .transpose()
    }

    /// `/canned/channel/get`: which list a channel uses.
    pub(super) fn get_channel_canned(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        self.require_channel(&lookup.id)?;
        json(&ChannelCanned {
            list: self.channel_list(&lookup.id)?,
            channel: lookup.id,
        })
    }

    /// Sets the list a channel uses (it must exist), or none.
    pub(super) fn set_channel_canned(&self, choice: ChannelCanned) -> ApiResult<Response> {
        self.require_channel(&choice.channel)?;
        let channel = choice.channel.to_string();
        match &choice.list {
            None => {
                self.sql.exec(
                    "DELETE FROM channel_canned WHERE channel_id = ?",
                    vec![channel.into()],
                )?;
            }
            Some(list) => {
                if !self.canned_list_exists(list)? {
                    return Err(Failure::bad_request(
                        CannedError::UnknownList(list.clone()).to_string(),
                    ));
                }
                self.sql.exec(
                    "INSERT INTO channel_canned (channel_id, list_id) VALUES (?, ?) ON CONFLICT(channel_id) DO UPDATE SET list_id = excluded.list_id",
                    vec![channel.into(), list.to_string().into()],
                )?;
            }
        }
        json(&choice)
    }

    /// `/canned/responses`: the responses of the list a channel uses (none
    /// without a list).
    pub(super) fn channel_responses(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        self.require_channel(&lookup.id)?;
        let list = self.channel_list(&lookup.id)?;
        let responses = match &list {
            Some(id) => self.canned_responses(id)?,
            None => Vec::new(),
        };
        json(&ChannelResponses {
            channel: lookup.id,
            list,
            responses,
        })
    }
}

#[derive(Deserialize)]
struct ListRow {
    id: String,
    name: String,
}

impl ListRow {
    fn list(self, responses: Vec<CannedResponse>) -> ApiResult<CannedList> {
        Ok(CannedList {
            id: CannedListId::parse(&self.id).map_err(internal_error)?,
            name: self.name,
            responses,
        })
    }
}

#[derive(Deserialize)]
struct ResponseRow {
    list_id: String,
    title: String,
    text: String,
    shortcut: Option<String>,
}

impl ResponseRow {
    fn response(self) -> CannedResponse {
        CannedResponse {
            title: self.title,
            text: self.text,
            shortcut: self.shortcut,
        }
    }
}
