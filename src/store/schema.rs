//! The versioned schema: one SQL file per migration in `migrations/`, numbered by its place in
//! `MIGRATIONS`, which is the only list of them (`LATEST` is its length). A released file is
//! never edited — the checksum test below fails on any change — a fix is a new file appended
//! at the end. The values the schema keeps by trigger (counters, ranks, hours) are described,
//! checked and recounted in `store::kept`.

use rusqlite_migration::{M, Migrations};

/// One migration: its file name (without `.sql`) and its SQL, run once, in order.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migration {
    ($name:literal) => {
        Migration {
            name: $name,
            sql: include_str!(concat!("migrations/", $name, ".sql")),
        }
    };
}

/// Every migration, in the order they run; migration N is `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: &[Migration] = &[
    // Streets, communities, posts, people, shifts, rests, cases, supplies, the audit log.
    migration!("0001_core"),
    // The first indexes.
    migration!("0002_indexes"),
    // Supplies and logistics: adjustments per day, logistics requests, the item catalogue and
    // a command-post store. A depot with a `post_id` is that post's cabinet.
    migration!("0003_supplies"),
    // Shifts, rest and call-up: the compensatory-leave ledger (补休) and its balances, people
    // added on the spot (就地转化), dual registration (双报到), each person's end of last duty.
    migration!("0004_shifts_rest_callup"),
    // Health, family support and care. Temperatures in tenths of °C, money in fen (分), days
    // as local day numbers, times as unix seconds.
    migration!("0005_health_care"),
    // Counts every refresh shows, kept by triggers: running shifts, planned shifts by quarter
    // hour and post kind, running shifts by the hour of their first breach.
    migration!("0006_counters"),
    // Acknowledgements of derived alerts (a rest rule crossed, an item low).
    migration!("0007_alert_acks"),
    // People, party and honours: dual registration's branch and residence, the
    // party-development list, nominations, one index per roster sort column.
    migration!("0008_people_party_honours"),
    // City scale: covering index of forced rests, open and urgent cases counted, forced rest
    // kept on the person and counted by hour, each person's duty rank kept.
    migration!("0009_city_scale"),
    // `people.last_duty_end` follows a finished shift that is reopened or changes its end.
    migration!("0010_last_duty_reopened"),
    // The organisation as data: streets … items can be closed; a post keeps a shift pattern.
    migration!("0011_organisation"),
    // The duty-rank triggers as migration 9 defines them today, for databases that ran an
    // earlier text of migration 9 (whose triggers took shortcuts), and the ranks recounted.
    migration!("0012_duty_rank_triggers"),
    // Slots counted by status (the schedule's coverage) and each person's latest rest end
    // (the roster's rest groups), both kept by triggers.
    migration!("0013_slot_counts_rest_until"),
    // Each person's latest talk and trainings, people not retired, untrained and volunteers
    // counted, all kept by triggers; a generation of the insurance rows (the care screen).
    migration!("0014_care_health_marks"),
    // Pickers: each person's pinyin initials and reversed phone digits, indexed (filled by
    // `store::pick::fill_people`, since SQL knows no pinyin).
    migration!("0015_pick"),
    // Post kind "other" (其他): the posts table rebuilt with the wider CHECK (foreign keys
    // are off while migrations run).
    migration!("0016_post_kind_other"),
    // Notes on a family-support case, append-only; the audit log by target (a case's history).
    migration!("0017_case_notes"),
    // Running shifts by planned end and by post (the handover's next shift change, the Setup
    // screen's people on duty per post); audit rows by action (a desk's latest sign-in).
    migration!("0018_active_by_end_and_post"),
    // Who is not retired, with their latest talk too (the care screen's talk-due pages).
    migration!("0019_people_active_talk"),
    // Nothing on SQLite; on PostgreSQL the kept counts a bulk write moves are written once at
    // commit (`server::MIGRATIONS`, pg/0020_kept_at_commit.sql).
    migration!("0020_kept_at_commit"),
    // Nothing on SQLite; on PostgreSQL a person's row is written once when one event moves
    // two values kept on it (`server::MIGRATIONS`, pg/0021_one_people_write.sql).
    migration!("0021_one_people_write"),
];

/// The schema version this build writes: the number of migrations.
pub const LATEST: usize = MIGRATIONS.len();

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|m| M::up(m.sql)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a, 64 bits: enough to notice an edit.
    fn fnv(s: &str) -> u64 {
        s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }

    /// Each released migration as databases ran it. A new migration adds its line here.
    const RELEASED: &[(&str, u64)] = &[
        ("0001_core", 0x36b9353194a564b0),
        ("0002_indexes", 0x588fe9b48761c654),
        ("0003_supplies", 0xa7c54ee36f765f4c),
        ("0004_shifts_rest_callup", 0xc68fd2fa91d042f0),
        ("0005_health_care", 0xc4dc2336cb5d4f4e),
        ("0006_counters", 0x28efdeb89169565c),
        ("0007_alert_acks", 0xc797722f1cd6f76a),
        ("0008_people_party_honours", 0x88ee8578979e61cf),
        ("0009_city_scale", 0x41148a96bd38b2f1),
        ("0010_last_duty_reopened", 0xe30637c0f2c529a8),
        ("0011_organisation", 0xc11206fe76147ff2),
        ("0012_duty_rank_triggers", 0xe26a2360bf8db22d),
        ("0013_slot_counts_rest_until", 0x39750719294e51b5),
        ("0014_care_health_marks", 0xb6b682ed555ee106),
        ("0015_pick", 0x8e468611b437e891),
        ("0016_post_kind_other", 0x5aa3a0974c45ca5b),
        ("0017_case_notes", 0x130c20bcbec35d47),
        ("0018_active_by_end_and_post", 0xf5995f6062871f96),
        ("0019_people_active_talk", 0x5ea8a0634a5ab226),
        ("0020_kept_at_commit", 0xcdaf01b31026e5e5),
        ("0021_one_people_write", 0xf612ce1352cd6e91),
    ];

    #[test]
    fn released_migrations_are_never_edited() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            let Some(&(name, sum)) = RELEASED.get(i) else {
                panic!(
                    "migration {} has no checksum: add `(\"{}\", {:#018x})` to RELEASED",
                    i + 1,
                    m.name,
                    fnv(m.sql)
                );
            };
            assert_eq!(
                name,
                m.name,
                "migration {} was renamed or moved: migrations keep their place",
                i + 1
            );
            assert_eq!(
                fnv(m.sql),
                sum,
                "migrations/{}.sql changed after release; databases already ran the old text: \
                 put it back and add a new migration instead",
                m.name
            );
        }
        assert_eq!(
            RELEASED.len(),
            MIGRATIONS.len(),
            "a released migration was removed"
        );
    }

    #[test]
    fn migration_files_are_numbered_by_their_place() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert!(
                m.name.starts_with(&format!("{:04}_", i + 1)),
                "{} is migration {} and must be named {:04}_…",
                m.name,
                i + 1,
                i + 1
            );
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{}.sql", m.name))
            .collect();
        assert_eq!(
            files, listed,
            "every file in migrations/ is in MIGRATIONS, in order"
        );
    }

    #[test]
    fn the_migrations_run_in_order_to_latest() {
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut c).unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, LATEST as i64);
    }

    fn duty_rank_triggers(c: &rusqlite::Connection) -> Vec<(String, String)> {
        let mut st = c
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'duty_rank%' ORDER BY name")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// A database that ran migration 9 as first released (triggers that took shortcuts) ends
    /// with the same triggers as a new one, and its ranks recounted.
    #[test]
    fn a_database_that_ran_the_first_migration_9_gets_todays_duty_rank_triggers() {
        let mut old = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut old, 9).unwrap();
        old.execute_batch(
            "DROP TRIGGER duty_rank_oos;
             CREATE TRIGGER IF NOT EXISTS duty_rank_oos AFTER INSERT ON out_of_service BEGIN
               UPDATE people SET duty_rank = 1 WHERE id = NEW.person_id AND duty_rank = 4 AND NEW.end_at IS NULL;
             END;
             DROP TRIGGER duty_rank_shift_insert;
             CREATE TRIGGER IF NOT EXISTS duty_rank_shift_insert AFTER INSERT ON shifts
               WHEN NEW.status = 'active' BEGIN
               UPDATE people SET duty_rank = 0 WHERE id = NEW.person_id AND retired_at IS NULL;
             END;
             INSERT INTO people(id, staff_code, name, category, duty_rank) VALUES (1, 'A1', 'A', 'cadre', 0);",
        )
        .unwrap();
        let mut new = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut new).unwrap();
        assert_ne!(duty_rank_triggers(&old), duty_rank_triggers(&new));
        migrations().to_latest(&mut old).unwrap();
        assert_eq!(duty_rank_triggers(&old), duty_rank_triggers(&new));
        let rank: i64 = old
            .query_row("SELECT duty_rank FROM people WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(rank, crate::store::kept::Rank::Available as i64);
    }

    fn people_active(c: &rusqlite::Connection) -> String {
        c.query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'people_active'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// Migration 14 as first released made `people_active` without the latest talk; a later
    /// build wrote the talk into 14 itself. A database of either history ends with the index
    /// a new database has, the talk included.
    #[test]
    fn both_histories_of_migration_14_end_with_the_talk_in_people_active() {
        let mut new = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut new).unwrap();
        let want = people_active(&new);
        assert!(want.contains("last_talk_at"), "{want}");
        let as_released = |c: &mut rusqlite::Connection| {
            migrations().to_version(c, 18).unwrap();
            assert!(!people_active(c).contains("last_talk_at"));
        };
        let as_edited = |c: &mut rusqlite::Connection| {
            migrations().to_version(c, 18).unwrap();
            c.execute_batch(
                "DROP INDEX people_active;
                 CREATE INDEX people_active ON people(id, community_id, last_report_day, last_talk_at)
                   WHERE retired_at IS NULL;",
            )
            .unwrap();
        };
        for history in [as_released, as_edited] {
            let mut old = rusqlite::Connection::open_in_memory().unwrap();
            history(&mut old);
            migrations().to_latest(&mut old).unwrap();
            assert_eq!(people_active(&old), want);
        }
    }
}
