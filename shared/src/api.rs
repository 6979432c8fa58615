//! The Worker's front door as a table (#23): every HTTP route, one line
//! each — its method, its path and who may call it. The Worker resolves a
//! request here and runs the route's handler; the authorization matrix
//! (`tests/tests/authz.rs`) and SECURITY.md's table of HTTP routes are
//! checked against [`ROUTES`], so a route cannot be added without saying
//! who may call it.
//!
//! A path is literal segments and `{name}` parameters, each one whole
//! segment, written as SECURITY.md writes them.

use std::fmt;

/// An HTTP method a route answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
}

impl Method {
    /// The method's name, as in a request.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The guard of a route, as SECURITY.md's "Who" column says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Who {
    /// Anyone; credentials are ignored.
    Anyone,
    /// Only the bearer of `CANAL_SECRET` (no actor holds it).
    Secret,
    /// Any valid session.
    SignedIn,
    /// A session whose user is an admin.
    Admin,
    /// A session that sees the channel the query or body names.
    Member,
    /// Admins and supervisors.
    Ledger,
    /// A visitor token, and the conversation must be that visitor's.
    Visitor,
    /// A connector's source, proved by its secret or signature only.
    Door,
    /// A socket endpoint: a plain GET without `Upgrade` gets 426.
    Socket,
    /// Anyone, and only with `CANAL_BENCH=1` (the benchmark's); otherwise
    /// the route does not exist (404).
    Bench,
}

/// What a route does: one variant per route, each run by its handler;
/// [`ROUTES`] says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    Health,
    Setup,
    Login,
    Logout,
    Me,
    Preferences,
    SavePreferences,
    SaveProfile,
    VisitorSession,
    VisitorConsent,
    VisitorContact,
    VisitorHistory,
    WidgetConfig,
    WidgetFrame,
    WidgetSettings,
    SaveWidgetSettings,
    ConsentTexts,
    SaveConsentText,
    ConsentAcceptances,
    Canned,
    CannedLists,
    SaveCannedList,
    DeleteCannedList,
    ChannelCanned,
    SaveChannelCanned,
    Bots,
    RegisterBot,
    DeleteBot,
    ChannelBot,
    SaveChannelBot,
    Upload,
    FileLimits,
    SaveFileLimits,
    Download,
    VisitorSocket,
    OperatorSocket,
    InboxSocket,
    Channels,
    ChannelActivity,
    CreateChannel,
    UpdateChannel,
    DeleteChannel,
    Identity,
    RotateIdentity,
    CrmConversation,
    CrmLead,
    CrmClients,
    CrmClient,
    CrmMerge,
    CrmSettings,
    SaveCrmSettings,
    CrmWebhook,
    SaveCrmWebhook,
    Connectors,
    CreateConnector,
    DeleteConnector,
    ConnectorInbound,
    People,
    CreatePerson,
    SetActive,
    SaveDepartment,
    Queue,
    SaveQueue,
    QueueMembers,
    Automation,
    SaveAutomation,
    Kpi,
    SaveKpi,
    Accept,
    Decline,
    Transfer,
    SupervisorRating,
    ConversationAccess,
    LedgerConversations,
    LedgerExport,
    LedgerStats,
    LedgerSearch,
    BenchLedger,
    BenchR2,
    Echo,
}

/// One route: a method and path, who may call it, and what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The method it answers.
    pub method: Method,
    /// Its path: literal segments and `{name}` parameters.
    pub path: &'static str,
    /// Who may call it.
    pub who: Who,
    /// What it does.
    pub endpoint: Endpoint,
}

const fn route(method: Method, path: &'static str, who: Who, endpoint: Endpoint) -> Route {
    Route {
        method,
        path,
        who,
        endpoint,
    }
}

use Endpoint as E;
use Method::{Get, Post, Put};
use Who::*;

/// Every route of the Worker, by area.
#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    // The deployment, signing in, and each person's own.
    route(Get, "/api/health", Anyone, E::Health),
    route(Post, "/api/setup", Secret, E::Setup),
    route(Post, "/api/login", Anyone, E::Login),
    route(Post, "/api/logout", SignedIn, E::Logout),
    route(Get, "/api/me", SignedIn, E::Me),
    // #20: each person's own console settings, in their own inbox.
    route(Get, "/api/me/preferences", SignedIn, E::Preferences),
    route(Post, "/api/me/preferences", SignedIn, E::SavePreferences),
    route(Post, "/api/people/profile", SignedIn, E::SaveProfile),
    // Visitors and the widget.
    route(Post, "/api/visitor/session", Anyone, E::VisitorSession),
    route(Post, "/api/visitor/consent", Visitor, E::VisitorConsent),
    route(Post, "/api/visitor/contact", Visitor, E::VisitorContact),
    route(Post, "/api/visitor/history", Visitor, E::VisitorHistory),
    route(Get, "/api/widget/config", Anyone, E::WidgetConfig),
    route(Get, "/widget/frame.html", Anyone, E::WidgetFrame),
    // The sockets.
    route(Get, "/ws/visitor", Socket, E::VisitorSocket),
    route(Get, "/ws/operator", Socket, E::OperatorSocket),
    route(Get, "/ws/inbox", Socket, E::InboxSocket),
    // #21: files in conversations.
    route(Put, "/api/files", Visitor, E::Upload),
    route(Get, "/api/files/limits", Admin, E::FileLimits),
    route(Post, "/api/files/limits", Admin, E::SaveFileLimits),
    route(Get, "/api/files/{conversation}/{side}/{id}", Door, E::Download),
    // Conversations: offers, transfers, the supervisor's rating (R-QA-3).
    route(Post, "/api/conversations/accept", SignedIn, E::Accept),
    route(Post, "/api/conversations/decline", SignedIn, E::Decline),
    route(Post, "/api/conversations/transfer", SignedIn, E::Transfer),
    route(Post, "/api/conversations/supervisor-rating", SignedIn, E::SupervisorRating),
    route(Get, "/api/conversations/access", SignedIn, E::ConversationAccess),
    // What an operator's work needs: R-PR-1's responses, whom to transfer to.
    route(Get, "/api/canned", Member, E::Canned),
    route(Get, "/api/queue/members", Member, E::QueueMembers),
    // Admin: channels, their identity secrets and widget.
    route(Get, "/api/channels", Admin, E::Channels),
    route(Get, "/api/channels/activity", Admin, E::ChannelActivity),
    route(Post, "/api/channels", Admin, E::CreateChannel),
    route(Post, "/api/channels/update", Admin, E::UpdateChannel),
    route(Post, "/api/channels/delete", Admin, E::DeleteChannel),
    route(Get, "/api/channels/identity", Admin, E::Identity),
    route(Post, "/api/channels/identity", Admin, E::RotateIdentity),
    route(Get, "/api/widget-settings", Admin, E::WidgetSettings),
    route(Post, "/api/widget-settings", Admin, E::SaveWidgetSettings),
    // Admin: the personal-data notice (R-C-1).
    route(Get, "/api/consent/texts", Admin, E::ConsentTexts),
    route(Post, "/api/consent/texts", Admin, E::SaveConsentText),
    route(Get, "/api/consent/acceptances", Admin, E::ConsentAcceptances),
    // Admin, R-PR-1: predefined responses.
    route(Get, "/api/canned/lists", Admin, E::CannedLists),
    route(Post, "/api/canned/lists", Admin, E::SaveCannedList),
    route(Post, "/api/canned/lists/delete", Admin, E::DeleteCannedList),
    route(Get, "/api/canned/channel", Admin, E::ChannelCanned),
    route(Post, "/api/canned/channel", Admin, E::SaveChannelCanned),
    // Admin, R-BOT-1: chat bots, and the one each channel assigns.
    route(Get, "/api/bots", Admin, E::Bots),
    route(Post, "/api/bots", Admin, E::RegisterBot),
    route(Post, "/api/bots/delete", Admin, E::DeleteBot),
    route(Get, "/api/bots/channel", Admin, E::ChannelBot),
    route(Post, "/api/bots/channel", Admin, E::SaveChannelBot),
    // Admin: people, departments, queues.
    route(Get, "/api/people", Admin, E::People),
    route(Post, "/api/people", Admin, E::CreatePerson),
    route(Post, "/api/people/active", Admin, E::SetActive),
    route(Post, "/api/departments", Admin, E::SaveDepartment),
    route(Get, "/api/queue", Admin, E::Queue),
    route(Post, "/api/queue", Admin, E::SaveQueue),
    // Admin: automatic actions; R-KPI-1…3, response-time limits.
    route(Get, "/api/automation", Admin, E::Automation),
    route(Post, "/api/automation", Admin, E::SaveAutomation),
    route(Get, "/api/kpi", Admin, E::Kpi),
    route(Post, "/api/kpi", Admin, E::SaveKpi),
    // R-CRM-*: the client card of a conversation, leads, the clients.
    route(Get, "/api/crm/conversation", Member, E::CrmConversation),
    route(Post, "/api/crm/leads", Member, E::CrmLead),
    route(Get, "/api/crm/clients", Admin, E::CrmClients),
    route(Get, "/api/crm/client", Admin, E::CrmClient),
    route(Post, "/api/crm/merge", Admin, E::CrmMerge),
    route(Get, "/api/crm/settings", Admin, E::CrmSettings),
    route(Post, "/api/crm/settings", Admin, E::SaveCrmSettings),
    route(Get, "/api/crm/webhook", Admin, E::CrmWebhook),
    route(Post, "/api/crm/webhook", Admin, E::SaveCrmWebhook),
    // R-CH-3, R-CH-9: connectors, and the door their sources post to.
    route(Get, "/api/connectors", Admin, E::Connectors),
    route(Post, "/api/connectors", Admin, E::CreateConnector),
    route(Post, "/api/connectors/delete", Admin, E::DeleteConnector),
    route(Post, "/api/connectors/{id}/inbound", Door, E::ConnectorInbound),
    // R-KPI-4, R-CH-6: the ledger, for admins and supervisors.
    route(Get, "/api/ledger/conversations", Ledger, E::LedgerConversations),
    route(Get, "/api/ledger/conversations.csv", Ledger, E::LedgerExport),
    route(Get, "/api/ledger/stats", Ledger, E::LedgerStats),
    route(Get, "/api/ledger/search", Ledger, E::LedgerSearch),
    // The benchmark's, only with `CANAL_BENCH=1`.
    route(Post, "/api/bench/ledger", Bench, E::BenchLedger),
    route(Put, "/api/bench/r2", Bench, E::BenchR2),
    route(Get, "/ws/echo", Bench, E::Echo),
];

/// The parameters a path gave its route's `{name}` segments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    /// The segment named `name`; empty if the route has no such parameter.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Why a request has no route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoRoute {
    /// An `/api/` or `/ws/` path that no route takes with this method.
    Api {
        /// The request's method.
        method: String,
        /// The request's path.
        path: String,
    },
    /// Anything else.
    NotFound,
}

impl NoRoute {
    /// The refusal of `method path`.
    pub fn of(method: &str, path: &str) -> NoRoute {
        if path.starts_with("/api/") || path.starts_with("/ws/") {
            NoRoute::Api {
                method: method.to_owned(),
                path: path.to_owned(),
            }
        } else {
            NoRoute::NotFound
        }
    }
}

impl fmt::Display for NoRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoRoute::Api { method, path } => write!(f, "no route for {method} {path}"),
            NoRoute::NotFound => f.write_str("not found"),
        }
    }
}

/// The parameters `path` gives `pattern`, if it matches: the same number
/// of segments, literal ones equal, each parameter a non-empty segment.
fn matches(pattern: &'static str, path: &str) -> Option<Params> {
    let mut params = Vec::new();
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(Params(params)),
            (Some(w), Some(g)) => match w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
                Some(name) if !g.is_empty() => params.push((name, g.to_owned())),
                Some(_) => return None,
                None if w == g => {}
                None => return None,
            },
            _ => return None,
        }
    }
}

/// The route of `method path`, and its parameters. A literal path wins
/// over a pattern that also matches it.
pub fn resolve(method: &str, path: &str) -> Result<(&'static Route, Params), NoRoute> {
    let candidates = || ROUTES.iter().filter(|r| r.method.as_str() == method);
    if let Some(r) = candidates().find(|r| r.path == path) {
        return Ok((r, Params::default()));
    }
    candidates()
        .filter(|r| r.path.contains('{'))
        .find_map(|r| matches(r.path, path).map(|p| (r, p)))
        .ok_or_else(|| NoRoute::of(method, path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// `pattern` with each parameter filled in.
    fn sample(pattern: &str) -> String {
        pattern
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    format!("x-{}", s.trim_matches(['{', '}']))
                } else {
                    s.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    #[test]
    fn every_route_resolves_to_itself() {
        for r in ROUTES {
            let (got, _) = resolve(r.method.as_str(), &sample(r.path))
                .unwrap_or_else(|e| panic!("{} {}: {e}", r.method, r.path));
            assert_eq!(got, r, "{} {}", r.method, r.path);
        }
    }

    #[test]
    fn each_route_is_listed_once_and_each_endpoint_once() {
        let mut seen = BTreeSet::new();
        let mut endpoints = BTreeSet::new();
        for r in ROUTES {
            assert!(
                seen.insert((r.method, r.path)),
                "twice: {} {}",
                r.method,
                r.path
            );
            assert!(endpoints.insert(r.endpoint), "twice: {:?}", r.endpoint);
            assert!(r.path.starts_with('/'), "{}", r.path);
        }
        assert!(ROUTES.len() > 70, "{}", ROUTES.len());
    }

    #[test]
    fn only_admins_see_the_channels_activity() {
        // Operators online and conversations waiting, of every channel:
        // the Channels list's, as the channels themselves.
        let (r, _) = resolve("GET", "/api/channels/activity").expect("the activity");
        assert_eq!(r.endpoint, Endpoint::ChannelActivity);
        assert_eq!(r.who, Who::Admin);
        let (list, _) = resolve("GET", "/api/channels").expect("the channels");
        assert_eq!(r.who, list.who);
    }

    #[test]
    fn parameters_are_extracted() {
        let (r, p) = resolve("GET", "/api/files/c_1/visitor/f-9").expect("a file");
        assert_eq!(r.endpoint, Endpoint::Download);
        assert_eq!(
            (p.get("conversation"), p.get("side"), p.get("id")),
            ("c_1", "visitor", "f-9")
        );
        assert_eq!(p.get("nothing"), "");
        let (r, p) = resolve("POST", "/api/connectors/k_abc/inbound").expect("a door");
        assert_eq!(r.endpoint, Endpoint::ConnectorInbound);
        assert_eq!(p.get("id"), "k_abc");
    }

    #[test]
    fn a_literal_path_wins_over_a_pattern() {
        let (r, p) = resolve("GET", "/api/files/limits").expect("the limits");
        assert_eq!(r.endpoint, Endpoint::FileLimits);
        assert_eq!(p, Params::default());
        let (r, _) = resolve("POST", "/api/connectors/delete").expect("delete");
        assert_eq!(r.endpoint, Endpoint::DeleteConnector);
    }

    #[test]
    fn unknown_paths_and_wrong_methods_have_no_route() {
        let api = |m: &str, p: &str| NoRoute::Api {
            method: m.into(),
            path: p.into(),
        };
        assert_eq!(
            resolve("GET", "/api/nothing"),
            Err(api("GET", "/api/nothing"))
        );
        assert_eq!(resolve("DELETE", "/api/me"), Err(api("DELETE", "/api/me")));
        assert_eq!(
            resolve("POST", "/api/health"),
            Err(api("POST", "/api/health"))
        );
        assert_eq!(
            resolve("GET", "/ws/nothing"),
            Err(api("GET", "/ws/nothing"))
        );
        assert_eq!(resolve("GET", "/elsewhere"), Err(NoRoute::NotFound));
        assert_eq!(resolve("GET", "/api"), Err(NoRoute::NotFound));
        // A parameter is one whole, non-empty segment.
        for path in [
            "/api/files/c_1/visitor",
            "/api/files/c_1//f",
            "/api/files/c_1/visitor/f/more",
            "/api/connectors//inbound",
            "/api/connectors/a/b/inbound",
        ] {
            assert!(
                resolve("GET", path).is_err() && resolve("POST", path).is_err(),
                "{path}"
            );
        }
        assert_eq!(
            resolve("GET", "/api/nothing")
                .map(|_| ())
                .unwrap_err()
                .to_string(),
            "no route for GET /api/nothing"
        );
        assert_eq!(NoRoute::NotFound.to_string(), "not found");
    }
}
