//! Numbered schema migrations: which of a part's migrations a database still
//! needs, given the number it records as applied.
//!
//! Each set of tables that evolves on its own (an object kind's, the outbox
//! every object with one holds) lists its migrations in order, numbered 1, 2,
//! 3…; a database records the last number it applied. Migrations only ever
//! append: a shipped one is never edited, a change is a new number.

/// One migration: its number and what it does (the worker's statements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration<S> {
    /// 1 for the first, each next one +1.
    pub version: u32,
    /// What it does.
    pub step: S,
}

/// A list that is not numbered 1, 2, 3… in order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("migration {found} is at place {place}: migrations are numbered 1, 2, 3… in order")]
pub struct Misnumbered {
    /// The place (from 1) of the first wrong number.
    pub place: u32,
    /// The number found there.
    pub found: u32,
}

/// The number of the last migration in `migrations` (0 for none).
pub fn latest<S>(migrations: &[Migration<S>]) -> u32 {
    migrations.last().map_or(0, |m| m.version)
}

/// Checks that `migrations` are numbered 1, 2, 3… in order.
pub fn check<S>(migrations: &[Migration<S>]) -> Result<(), Misnumbered> {
    for (place, m) in (1u32..).zip(migrations) {
        if m.version != place {
            return Err(Misnumbered {
                place,
                found: m.version,
            });
        }
    }
    Ok(())
}

/// The migrations a database at `applied` still needs, in order. A database
/// ahead of the list (written by newer code, then rolled back) needs none:
/// migrations only add, so older code still reads it.
pub fn pending<S>(
    migrations: &[Migration<S>],
    applied: u32,
) -> Result<&[Migration<S>], Misnumbered> {
    check(migrations)?;
    let done = usize::try_from(applied).map_or(migrations.len(), |n| n.min(migrations.len()));
    Ok(&migrations[done..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: [Migration<&str>; 3] = [
        Migration {
            version: 1,
            step: "a",
        },
        Migration {
            version: 2,
            step: "b",
        },
        Migration {
            version: 3,
            step: "c",
        },
    ];

    fn steps(m: &[Migration<&'static str>]) -> Vec<&'static str> {
        m.iter().map(|m| m.step).collect()
    }

    #[test]
    fn a_fresh_database_needs_every_migration() {
        assert_eq!(steps(pending(&LIST, 0).unwrap()), ["a", "b", "c"]);
        assert_eq!(latest(&LIST), 3);
    }

    #[test]
    fn a_database_needs_only_the_migrations_after_its_number() {
        assert_eq!(steps(pending(&LIST, 1).unwrap()), ["b", "c"]);
        assert_eq!(steps(pending(&LIST, 2).unwrap()), ["c"]);
        assert!(pending(&LIST, 3).unwrap().is_empty());
    }

    #[test]
    fn a_database_ahead_of_the_code_needs_none() {
        assert!(pending(&LIST, 7).unwrap().is_empty());
        assert!(pending(&LIST, u32::MAX).unwrap().is_empty());
    }

    #[test]
    fn an_empty_list_is_at_zero() {
        let none: [Migration<&str>; 0] = [];
        assert_eq!(latest(&none), 0);
        assert!(pending(&none, 0).unwrap().is_empty());
    }

    #[test]
    fn numbers_must_be_one_two_three_in_order() {
        let gap = [
            Migration {
                version: 1,
                step: "a",
            },
            Migration {
                version: 3,
                step: "c",
            },
        ];
        assert_eq!(check(&gap), Err(Misnumbered { place: 2, found: 3 }));
        let swapped = [
            Migration {
                version: 2,
                step: "b",
            },
            Migration {
                version: 1,
                step: "a",
            },
        ];
        assert_eq!(check(&swapped), Err(Misnumbered { place: 1, found: 2 }));
        let twice = [
            Migration {
                version: 1,
                step: "a",
            },
            Migration {
                version: 1,
                step: "a",
            },
        ];
        assert!(pending(&twice, 0).is_err());
        assert!(check(&LIST).is_ok());
    }
}
