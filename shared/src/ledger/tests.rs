use super::*;

fn record(id: &str, started: i64, first: Option<i64>, late: u32) -> ConversationRecord {
    ConversationRecord {
        id: ConversationId::parse(id).unwrap(),
        channel: ChannelInfo {
            id: ChannelId::parse("shop").unwrap(),
            name: "Shop".into(),
        },
        visitor_name: "Ana".into(),
        status: Status::Active,
        operator: None,
        started_at: Timestamp(started),
        closed_at: None,
        response: ResponseStats {
            first_ms: first,
            total_ms: first.unwrap_or(0),
            count: u32::from(first.is_some()),
            max_ms: first.unwrap_or(0),
            late,
        },
        rating: None,
        supervisor_rating: None,
        rev: 1,
        number: None,
    }
}

#[test]
fn a_query_string_is_read_and_bad_values_are_named() {
    let q = ListQuery::from_pairs([
        ("sort", "first_response"),
        ("dir", "asc"),
        ("late", "late"),
        ("from", "2026-12-01"),
        ("to", "2026-12-01"),
        ("limit", "20"),
    ])
    .unwrap();
    assert_eq!(q.sort, SortBy::FirstResponse);
    assert_eq!(q.dir, Direction::Asc);
    assert_eq!(q.lateness, Lateness::Late);
    assert_eq!(q.limit, 20);
    // `to` includes its day.
    assert_eq!(q.to.unwrap().0 - q.from.unwrap().0, 86_400_000);

    let err = ListQuery::from_pairs([("sort", "name")]).unwrap_err();
    assert!(err.to_string().contains("`sort` cannot be `name`"), "{err}");
    assert!(matches!(
        ListQuery::from_pairs([("limit", "0")]),
        Err(QueryError::Value { name: "limit", .. })
    ));
    assert!(matches!(
        ListQuery::from_pairs([("limit", "201")]),
        Err(QueryError::Value { name: "limit", .. })
    ));
    assert_eq!(
        ListQuery::from_pairs([("from", "2026-12-02"), ("to", "2026-12-01")]),
        Err(QueryError::Period)
    );
    assert_eq!(
        ListQuery::from_pairs([("after", "x")]),
        Err(QueryError::Cursor)
    );
    assert!(matches!(
        ListQuery::from_pairs([("drop", "table")]),
        Err(QueryError::Unknown(_))
    ));
}

#[test]
fn unanswered_conversations_sort_last_going_up_and_first_going_down() {
    let answered = record("c1", 0, Some(5_000), 0);
    let waiting = record("c2", 0, None, 0);
    let up = ListQuery {
        sort: SortBy::FirstResponse,
        dir: Direction::Asc,
        ..ListQuery::default()
    };
    assert_eq!(up.order(&answered, &waiting), std::cmp::Ordering::Less);
    let down = ListQuery {
        dir: Direction::Desc,
        ..up
    };
    assert_eq!(down.order(&answered, &waiting), std::cmp::Ordering::Greater);
}

#[test]
fn merged_pages_of_several_channels_list_every_row_once_in_order() {
    // Three channels' rows, read page by page through the merge, come out
    // as the sorted union: nothing skipped, nothing twice.
    let all: Vec<ConversationRecord> = (0..57)
        .map(|i| {
            record(
                &format!("c{i:03}"),
                1_000 * (i % 7),
                Some((i * 37 % 11) * 1_000),
                0,
            )
        })
        .collect();
    for sort in SortBy::ALL {
        for dir in [Direction::Asc, Direction::Desc] {
            let mut q = ListQuery {
                sort,
                dir,
                limit: 8,
                ..ListQuery::default()
            };
            let mut seen = Vec::new();
            loop {
                let pages = (0..3)
                    .map(|shard| {
                        let mut rows: Vec<_> = all
                            .iter()
                            .enumerate()
                            .filter(|(i, r)| i % 3 == shard && q.admits(r))
                            .map(|(_, r)| r.clone())
                            .collect();
                        rows.sort_by(|a, b| q.order(a, b));
                        let more = rows.len() > q.limit as usize;
                        rows.truncate(q.limit as usize);
                        ConversationPage {
                            next: more.then(|| Cursor {
                                key: 0,
                                id: rows[0].id.clone(),
                            }),
                            rows,
                            total: 19,
                        }
                    })
                    .collect();
                let page = merge_pages(&q, pages);
                assert_eq!(page.total, 57);
                seen.extend(page.rows);
                match page.next {
                    Some(c) => q.after = Some(c),
                    None => break,
                }
            }
            let mut expected = all.clone();
            expected.sort_by(|a, b| q.order(a, b));
            assert_eq!(seen, expected, "{sort:?} {dir:?}");
        }
    }
}

#[test]
fn a_cursor_round_trips() {
    let c = Cursor {
        key: NONE_KEY,
        id: ConversationId::parse("abc").unwrap(),
    };
    assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
}

#[test]
fn the_day_follows_each_change_of_a_record_without_a_rescan() {
    // R-KPI-4: the figures are kept as records change.
    let day_ms = 1_764_720_000_000; // 2025-12-03T00:00Z
    let waiting = record("c1", day_ms + 5_000, None, 0);
    let answered = ConversationRecord {
        response: ResponseStats {
            first_ms: Some(400_000),
            total_ms: 400_000,
            count: 1,
            max_ms: 400_000,
            late: 1,
        },
        rating: Some(Verdict::Like),
        ..waiting.clone()
    };
    let mut day = day_delta(None, &waiting);
    assert_eq!(day.day, "2025-12-03");
    assert_eq!((day.conversations, day.answered, day.replies), (1, 0, 0));
    day.add(&day_delta(Some(&waiting), &answered));
    assert_eq!(day, contribution(&answered));
    assert_eq!(day.first_buckets, [0, 0, 1, 0, 0]);
    assert_eq!((day.late, day.likes), (1, 1));
}

#[test]
fn buckets_split_at_their_edges() {
    assert_eq!(first_bucket(59_999), 0);
    assert_eq!(first_bucket(60_000), 1);
    assert_eq!(first_bucket(3_600_000), 4);
}

#[test]
fn the_statistics_period_has_every_day_and_a_bound() {
    let q = StatsQuery::new("2026-02-27", "2026-03-02").unwrap();
    let known = vec![DayStats {
        day: "2026-03-01".into(),
        conversations: 4,
        ..DayStats::default()
    }];
    let days = fill_days(&q, known).days;
    let names: Vec<&str> = days.iter().map(|d| d.day.as_str()).collect();
    assert_eq!(
        names,
        ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]
    );
    assert_eq!(days[2].conversations, 4);
    assert_eq!(
        StatsQuery::new("2026-03-02", "2026-03-01"),
        Err(QueryError::Period)
    );
    assert_eq!(
        StatsQuery::new("2025-01-01", "2026-01-02"),
        Err(QueryError::Period)
    );
}

#[test]
fn a_search_quotes_every_word_so_nothing_typed_is_an_operator() {
    let q = |t: &str| SearchQuery {
        text: t.into(),
        channel: None,
    };
    assert_eq!(
        q("refund order").match_expression().unwrap(),
        "\"refund\"* \"order\"*"
    );
    assert_eq!(
        q("a\" OR x*").match_expression().unwrap(),
        "\"a\"* \"OR\"* \"x\"*"
    );
    assert_eq!(q("x").match_expression(), Err(SearchError::Length));
    assert_eq!(q("--").match_expression(), Err(SearchError::Length));
}

#[test]
fn csv_escapes_quotes_and_defuses_formulas() {
    let mut r = record("c1", 0, Some(1_500), 0);
    r.visitor_name = "=HYPERLINK(\"x\")".into();
    r.channel.name = "Shop, main".into();
    let line = csv_line(&r);
    assert!(
        line.starts_with("c1,\"Shop, main\",\"'=HYPERLINK(\"\"x\"\")\","),
        "{line}"
    );
    assert!(line.contains(",1.5,1.5,1.5,1.5,1,0,,\r\n"), "{line}");
    assert_eq!(csv_header().split(',').count(), line.split(',').count() - 1);
}

#[test]
fn only_admins_and_supervisors_read_the_ledger() {
    let ana = [UserId::parse("ana").unwrap()];
    assert_eq!(may_read(Role::Admin, &[]), Ok(()));
    assert_eq!(may_read(Role::Operator, &ana), Ok(()));
    assert_eq!(
        may_read(Role::Operator, &[]),
        Err(ReadRefusal::NotSupervisor)
    );
}

#[test]
fn hits_of_several_channels_come_newest_first() {
    let hit = |c: &str, at: i64| SearchHit {
        channel: ChannelId::parse("shop").unwrap(),
        message: IndexedMessage {
            conversation: ConversationId::parse(c).unwrap(),
            seq: 1,
            side: Side::Visitor,
            author: "Ana".into(),
            text: "refund".into(),
            at: Timestamp(at),
        },
    };
    let merged = merge_hits(vec![
        SearchResults {
            hits: vec![hit("a", 5), hit("b", 1)],
            conversations: vec![],
        },
        SearchResults {
            hits: vec![hit("c", 3)],
            conversations: vec![record("c", 3, None, 0)],
        },
    ]);
    let order: Vec<i64> = merged.hits.iter().map(|h| h.message.at.0).collect();
    assert_eq!(order, [5, 3, 1]);
    assert_eq!(merged.conversations.len(), 1);
}

#[test]
fn r_kpi_3_a_conversation_number_is_searched_as_typed() {
    // R-KPI-3: the notice's #DIALOG# is a number people type into the search.
    assert_eq!(conversation_number("42"), Some(42));
    assert_eq!(conversation_number(" #7 "), Some(7));
    assert_eq!(conversation_number("#"), None);
    assert_eq!(conversation_number("0"), None);
    assert_eq!(conversation_number("42a"), None);
    assert_eq!(conversation_number("4 2"), None);
    assert_eq!(conversation_number("9999999999999999"), None);
    let q = |t: &str| SearchQuery {
        text: t.into(),
        channel: None,
    };
    // One digit is a number; one letter is too short for words.
    assert_eq!(q("7").check(), Ok(()));
    assert_eq!(q("x").check(), Err(SearchError::Length));
    assert_eq!(q("refund").check(), Ok(()));
}

#[test]
fn ledger_21_a_file_is_indexed_by_its_name_before_its_caption() {
    use crate::ids::{ClientMsgId, Seq};
    use crate::protocol::FileRef;
    let c = ConversationId::parse("c_1").unwrap();
    let message = |text: &str, file: Option<&str>| Message {
        seq: Seq(3),
        id: ClientMsgId::parse("m3").unwrap(),
        side: Side::Visitor,
        author: "Rita".into(),
        text: text.into(),
        at: Timestamp(9),
        note: false,
        event: None,
        file: file.map(|name| FileRef {
            id: ClientMsgId::parse("f1").unwrap(),
            side: Side::Visitor,
            name: name.into(),
            size: 10,
            mime: "application/pdf".into(),
            width: None,
            height: None,
            url: None,
        }),
    };
    let only = IndexedMessage::of(c.clone(), &message("", Some("nota-fiscal.pdf")));
    assert_eq!(only.text, "nota-fiscal.pdf");
    assert_eq!(
        (only.seq, only.side, only.at),
        (3, Side::Visitor, Timestamp(9))
    );
    let captioned = IndexedMessage::of(c.clone(), &message("Segue", Some("nota.pdf")));
    assert_eq!(captioned.text, "nota.pdf Segue");
    assert_eq!(IndexedMessage::of(c, &message("Oi", None)).text, "Oi");
    // The search's words find it by the name's parts.
    let q = SearchQuery {
        text: "nota-fiscal.pdf".into(),
        channel: None,
    };
    assert_eq!(
        q.match_expression().unwrap(),
        "\"nota\"* \"fiscal\"* \"pdf\"*"
    );
}
