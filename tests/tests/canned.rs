//! Integration tests of predefined responses (R-PR-1) against a real
//! `wrangler dev`: admins keep lists of responses and pick the one each
//! channel uses; the channel's operators read it. One worker serves the
//! suite; each case works on lists of its own, by id.

use canal_shared::canned::{CannedList, CannedLists, ChannelResponses, MAX_LISTS};
use canal_shared::protocol::LoginResponse;
use canal_tests::api::{get, login, post};
use canal_tests::cases;
use canal_tests::suite;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

/// A worker with the demo team signed in, and Carla, an operator in no
/// queue.
struct Team {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    ana: LoginResponse,
    carla: LoginResponse,
}

fn main() {
    suite::run(
        Team::new,
        cases![
            r_pr_1_admins_create_edit_and_delete_lists,
            r_pr_1_invalid_lists_are_refused_with_a_reason,
            r_pr_1_only_admins_manage_lists,
            r_pr_1_operators_of_the_channel_read_its_list,
            r_pr_1_deleting_a_list_unsets_it_from_its_channels,
            r_pr_1_an_account_keeps_at_most_100_lists,
        ],
    )
}

impl Team {
    fn new() -> Team {
        let w = Worker::start();
        let demo = w.setup("demo");
        let pw = demo.admin.password.clone();
        let admin = login(&w, "admin@example.com", &pw);
        let (status, res) = post(
            &w,
            "/api/people",
            Some(&admin.token),
            &json!({"email": "carla@example.com", "name": "Carla", "password": "a long password", "role": "operator"}),
        );
        assert_eq!(status, 200, "adding Carla: {res}");
        Team {
            ana: login(&w, "ana@example.com", &pw),
            carla: login(&w, "carla@example.com", "a long password"),
            admin,
            w,
            demo,
        }
    }

    fn channel(&self) -> String {
        self.demo.channel.id.to_string()
    }

    /// Saves a list as an admin: its status and answer.
    fn save(&self, body: Value) -> (u16, Value) {
        post(&self.w, "/api/canned/lists", Some(&self.admin.token), &body)
    }

    /// Saves a list that must be accepted.
    fn saved(&self, body: Value) -> CannedList {
        let (status, res) = self.save(body);
        assert_eq!(status, 200, "saving a list: {res}");
        serde_json::from_value(res).expect("a list")
    }

    fn lists(&self) -> CannedLists {
        let (status, res) = get(&self.w, "/api/canned/lists", Some(&self.admin.token));
        assert_eq!(status, 200, "{res}");
        serde_json::from_value(res).expect("lists")
    }

    /// Sets the list the demo channel uses.
    fn use_list(&self, list: Option<&str>) -> (u16, Value) {
        post(
            &self.w,
            "/api/canned/channel",
            Some(&self.admin.token),
            &json!({"channel": self.channel(), "list": list}),
        )
    }

    /// `GET /api/canned/channel?channel=` as `who`.
    fn channel_list(&self, who: &LoginResponse) -> (u16, Value) {
        get(
            &self.w,
            &format!("/api/canned/channel?channel={}", self.channel()),
            Some(&who.token),
        )
    }

    /// `GET /api/canned?channel=` as `who`.
    fn responses(&self, who: &LoginResponse) -> (u16, Value) {
        get(
            &self.w,
            &format!("/api/canned?channel={}", self.channel()),
            Some(&who.token),
        )
    }

    fn delete(&self, who: &LoginResponse, id: &str) -> (u16, Value) {
        post(
            &self.w,
            "/api/canned/lists/delete",
            Some(&who.token),
            &json!({ "id": id }),
        )
    }
}

fn message(res: &Value) -> String {
    res["message"].as_str().unwrap_or_default().to_owned()
}

// R-PR-1: an admin creates a list, replaces its name and responses (trimmed,
// shortcuts lowercased, in the order given), sees it among every list, and
// deletes it.
fn r_pr_1_admins_create_edit_and_delete_lists(t: &Team) {
    let list = t.saved(json!({
        "name": " Sales ",
        "responses": [
            {"title": " Hello ", "text": " Hi! How can I help? ", "shortcut": " /Hello "},
            {"title": "Wait", "text": "One moment, please.\r\nI am checking."},
        ],
    }));
    assert_eq!(list.name, "Sales");
    assert!(list.id.as_str().starts_with("cl_"), "{}", list.id);
    assert_eq!(list.responses.len(), 2);
    assert_eq!(list.responses[0].title, "Hello");
    assert_eq!(list.responses[0].text, "Hi! How can I help?");
    assert_eq!(list.responses[0].shortcut.as_deref(), Some("hello"));
    assert_eq!(
        list.responses[1].text,
        "One moment, please.\nI am checking."
    );
    assert_eq!(list.responses[1].shortcut, None);

    // Replaced: another name, the responses reordered, one added.
    let edited = t.saved(json!({
        "id": list.id,
        "name": "Sales team",
        "responses": [
            {"title": "Wait", "text": "One moment."},
            {"title": "Hello", "text": "Hi!", "shortcut": "hello"},
            {"title": "Thanks", "text": "<b>Thanks</b> for waiting.", "shortcut": "thanks"},
        ],
    }));
    assert_eq!(edited.id, list.id);
    let titles: Vec<_> = edited.responses.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["Wait", "Hello", "Thanks"]);
    assert_eq!(
        edited.responses[2].text, "<b>Thanks</b> for waiting.",
        "as text"
    );
    let stored = t.lists();
    let found = stored
        .lists
        .iter()
        .find(|l| l.id == list.id)
        .expect("the list among every list");
    assert_eq!(found, &edited);

    // Deleted: gone, and a second delete or an edit is a 404.
    let (status, res) = t.delete(&t.admin, list.id.as_str());
    assert_eq!(status, 200, "{res}");
    assert!(t.lists().lists.iter().all(|l| l.id != list.id));
    let (status, res) = t.delete(&t.admin, list.id.as_str());
    assert_eq!(status, 404, "{res}");
    let (status, res) = t.save(json!({"id": list.id, "name": "Back", "responses": []}));
    assert_eq!(status, 404, "{res}");
    assert!(message(&res).contains("no list of responses"), "{res}");
}

// R-PR-1: what is wrong is said in words an admin can act on, naming the
// response; nothing is stored.
fn r_pr_1_invalid_lists_are_refused_with_a_reason(t: &Team) {
    let before = t.lists().lists.len();
    let cases = [
        (json!({"name": " ", "responses": []}), "name of 1 to 80"),
        (
            json!({"name": "x", "responses": [{"title": "", "text": "t"}]}),
            "response 1: the title must be 1 to 100 characters",
        ),
        (
            json!({"name": "x", "responses": [{"title": "t", "text": "x".repeat(2001)}]}),
            "the limit is 2000",
        ),
        (
            json!({"name": "x", "responses": [{"title": "t", "text": " "}]}),
            "the text is empty",
        ),
        (
            json!({"name": "x", "responses": [{"title": "t", "text": "x", "shortcut": "two words"}]}),
            "a shortcut is 1 to 32 letters",
        ),
        (
            json!({"name": "x", "responses": [
                {"title": "a", "text": "a", "shortcut": "hi"},
                {"title": "b", "text": "b", "shortcut": "HI"},
            ]}),
            "response 2: the shortcut /hi is already used by response 1",
        ),
        (
            json!({"name": "x", "responses": vec![json!({"title": "t", "text": "x"}); 501]}),
            "at most 500",
        ),
    ];
    for (body, expected) in cases {
        let (status, res) = t.save(body);
        assert_eq!(status, 400, "{res}");
        assert!(message(&res).contains(expected), "{expected:?} in {res}");
    }
    // Ids are checked too.
    let (status, res) = t.save(json!({"id": "<x>", "name": "x"}));
    assert_eq!(status, 400, "{res}");
    assert_eq!(t.lists().lists.len(), before, "nothing stored");
}

// R-PR-1: operators may not read or change lists, nor pick a channel's list.
fn r_pr_1_only_admins_manage_lists(t: &Team) {
    let list = t.saved(json!({"name": "Admins only", "responses": []}));
    let ana = &t.ana;
    let (status, res) = get(&t.w, "/api/canned/lists", Some(&ana.token));
    assert_eq!(status, 403, "{res}");
    let (status, res) = post(
        &t.w,
        "/api/canned/lists",
        Some(&ana.token),
        &json!({"name": "Mine", "responses": []}),
    );
    assert_eq!(status, 403, "{res}");
    let (status, res) = t.delete(ana, list.id.as_str());
    assert_eq!(status, 403, "{res}");
    let (status, res) = t.channel_list(ana);
    assert_eq!(status, 403, "{res}");
    let (status, res) = post(
        &t.w,
        "/api/canned/channel",
        Some(&ana.token),
        &json!({"channel": t.channel(), "list": list.id}),
    );
    assert_eq!(status, 403, "{res}");
    let (status, _) = get(&t.w, "/api/canned/lists", None);
    assert_eq!(status, 401);
    let (status, res) = t.delete(&t.admin, list.id.as_str());
    assert_eq!(status, 200, "{res}");
}

// R-PR-1: the channel uses one list; its operators (and admins) read its
// responses in order; someone outside its queue may not.
fn r_pr_1_operators_of_the_channel_read_its_list(t: &Team) {
    let first = t.saved(json!({"name": "First", "responses": [
        {"title": "Hello", "text": "Hi!", "shortcut": "hi"},
        {"title": "Bye", "text": "Bye!"},
    ]}));
    let second = t.saved(json!({"name": "Second", "responses": [
        {"title": "Thanks", "text": "Thank you!", "shortcut": "thanks"},
    ]}));

    // No list: nothing to read.
    let (status, res) = t.use_list(None);
    assert_eq!(status, 200, "{res}");
    let (status, res) = t.responses(&t.ana);
    assert_eq!(status, 200, "{res}");
    let got: ChannelResponses = serde_json::from_value(res).expect("responses");
    assert_eq!(got.list, None);
    assert!(got.responses.is_empty());

    // The first list, then the second.
    let (status, res) = t.use_list(Some(first.id.as_str()));
    assert_eq!(status, 200, "{res}");
    let (_, res) = t.channel_list(&t.admin);
    assert_eq!(res["list"], json!(first.id), "{res}");
    let (status, res) = t.responses(&t.ana);
    assert_eq!(status, 200, "{res}");
    let got: ChannelResponses = serde_json::from_value(res).expect("responses");
    assert_eq!(got.list.as_ref(), Some(&first.id));
    assert_eq!(got.responses, first.responses);
    let (status, _) = t.responses(&t.admin);
    assert_eq!(status, 200, "admins read it too");

    let (status, res) = t.use_list(Some(second.id.as_str()));
    assert_eq!(status, 200, "{res}");
    let (_, res) = t.responses(&t.ana);
    let got: ChannelResponses = serde_json::from_value(res).expect("responses");
    assert_eq!(got.responses, second.responses);

    // Not in the queue; not signed in; an unknown list or channel.
    let (status, res) = t.responses(&t.carla);
    assert_eq!(status, 403, "{res}");
    assert!(message(&res).contains("not in the queue"), "{res}");
    let (status, _) = get(&t.w, &format!("/api/canned?channel={}", t.channel()), None);
    assert_eq!(status, 401);
    let (status, res) = get(&t.w, "/api/canned", Some(&t.ana.token));
    assert_eq!(status, 400, "{res}");
    let (status, res) = t.use_list(Some("cl_missing"));
    assert_eq!(status, 400, "{res}");
    assert!(message(&res).contains("no list of responses"), "{res}");
    let (status, res) = post(
        &t.w,
        "/api/canned/channel",
        Some(&t.admin.token),
        &json!({"channel": "nowhere", "list": null}),
    );
    assert_eq!(status, 404, "{res}");
    let (_, res) = t.channel_list(&t.admin);
    assert_eq!(res["list"], json!(second.id), "unchanged: {res}");

    for id in [&first.id, &second.id] {
        let (status, res) = t.delete(&t.admin, id.as_str());
        assert_eq!(status, 200, "{res}");
    }
}

// R-PR-1: a channel whose list is deleted uses none.
fn r_pr_1_deleting_a_list_unsets_it_from_its_channels(t: &Team) {
    let list = t.saved(json!({"name": "Short-lived", "responses": [
        {"title": "Hello", "text": "Hi!", "shortcut": "hi"},
    ]}));
    let (status, res) = t.use_list(Some(list.id.as_str()));
    assert_eq!(status, 200, "{res}");
    let (status, res) = t.delete(&t.admin, list.id.as_str());
    assert_eq!(status, 200, "{res}");
    let (status, res) = t.channel_list(&t.admin);
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["list"], Value::Null, "{res}");
    let (_, res) = t.responses(&t.ana);
    let got: ChannelResponses = serde_json::from_value(res).expect("responses");
    assert_eq!(got.list, None);
    assert!(got.responses.is_empty());
}

// R-PR-1: the 101st list is refused until one is deleted.
fn r_pr_1_an_account_keeps_at_most_100_lists(t: &Team) {
    let have = t.lists().lists.len();
    let made: Vec<CannedList> = (have..MAX_LISTS)
        .map(|i| t.saved(json!({"name": format!("List {i:03}"), "responses": []})))
        .collect();
    let (status, res) = t.save(json!({"name": "One too many", "responses": []}));
    assert_eq!(status, 400, "{res}");
    assert!(message(&res).contains("at most 100 lists"), "{res}");
    for list in &made {
        let (status, res) = t.delete(&t.admin, list.id.as_str());
        assert_eq!(status, 200, "{res}");
    }
}
