//! The team report: what customers write about and how it trends, how fast we answer, how good
//! our replies are, which promises we keep, and what keeps going wrong. The database does the
//! counting (`GROUP BY`), so the report stays fast on a large store.

use crate::{ts, Result, Store};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;

/// How many cases of a category, and how many per week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryTrend {
    pub category: String,
    pub cases: i64,
    /// Cases opened in each of the last weeks with cases (oldest first), weeks starting Monday
    /// 00:00 UTC.
    pub weekly: Vec<i64>,
    /// Change between the last two weeks of `weekly`.
    pub change: i64,
}

/// First-response times.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FirstResponse {
    /// Cases with a first reply.
    pub measured: i64,
    pub median_secs: Option<i64>,
    /// Cases answered within the target in force when they were answered.
    pub within_target: i64,
    /// Cases waiting for a first reply.
    pub unanswered: i64,
}

/// Replies whose score falls in a band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreBand {
    pub band: &'static str,
    pub min: u8,
    pub max: u8,
    pub replies: i64,
    pub share: f64,
}

/// Promises by how they ended.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PromiseCounts {
    pub kept: i64,
    /// Followed up, but after the due date.
    pub late: i64,
    /// Due date passed with no follow-up.
    pub broken: i64,
    /// Not yet due.
    pub open: i64,
}

/// How often something occurred: a rubric id in replies, a root cause in cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub name: String,
    pub count: i64,
}

/// The team report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreReport {
    pub since: Option<Timestamp>,
    pub now: Timestamp,
    pub cases: i64,
    pub closed: i64,
    pub categories: Vec<CategoryTrend>,
    /// The Monday (UTC) of each week in `categories[].weekly`.
    pub weeks: Vec<Timestamp>,
    pub first_response: FirstResponse,
    pub replies: i64,
    pub mean_score: Option<f64>,
    pub score_bands: Vec<ScoreBand>,
    /// Anti-patterns by the number of replies committing them, most frequent first.
    pub anti_patterns: Vec<Tally>,
    /// Components the situation required that replies lacked, most frequent first.
    pub missing: Vec<Tally>,
    pub promises: PromiseCounts,
    /// Root causes recorded more than once, most frequent first (compared case-insensitively).
    pub root_causes: Vec<Tally>,
    pub mean_satisfaction: Option<f64>,
}

const WEEK: i64 = 7 * 24 * 3600;
/// 1970-01-05 was a Monday.
const MONDAY: i64 = 4 * 24 * 3600;
const WEEKS_SHOWN: i64 = 8;

const BANDS: [(&str, u8, u8); 4] = [
    ("poor", 0, 39),
    ("weak", 40, 59),
    ("fair", 60, 79),
    ("good", 80, 100),
];

/// What a report covers: a time range, and optionally one team or one agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportScope {
    pub since: Option<Timestamp>,
    /// The end of the range, and the time promises are judged at.
    pub now: Timestamp,
    pub team_id: Option<i64>,
    /// Only replies this author (a login) wrote, the cases they answered and the promises
    /// they made.
    pub agent: Option<String>,
}

impl ReportScope {
    /// Everything between `since` and `now`.
    pub fn new(since: Option<Timestamp>, now: Timestamp) -> ReportScope {
        ReportScope {
            since,
            now,
            team_id: None,
            agent: None,
        }
    }

    /// The SQL that narrows rows of `table` (a table with `case_id`, or `cases` itself, named
    /// or aliased `alias`) to the scope; the agent, if any, is bound as parameter `$p`.
    pub(crate) fn sql(&self, table: &str, alias: &str, p: usize) -> String {
        let mut s = String::new();
        let case_col = if table == "cases" {
            format!("{alias}.id")
        } else {
            format!("{alias}.case_id")
        };
        if let Some(t) = self.team_id {
            // An i64 is safe to write into the SQL.
            if table == "cases" {
                s.push_str(&format!(" AND {alias}.team_id = {t}"));
            } else {
                s.push_str(&format!(
                    " AND {case_col} IN (SELECT id FROM cases WHERE team_id = {t})"
                ));
            }
        }
        if self.agent.is_some() {
            match table {
                "checks" | "promises" => s.push_str(&format!(
                    " AND {alias}.message_id IN (SELECT id FROM messages WHERE author = ${p})"
                )),
                _ => s.push_str(&format!(
                    " AND {case_col} IN (SELECT case_id FROM messages WHERE direction = 'outbound' \
                     AND author = ${p})"
                )),
            }
        }
        s
    }
}

/// Bind the scope's agent, when there is one, as the next parameter.
macro_rules! bind_agent {
    ($q:expr, $scope:expr) => {{
        let q = $q;
        match &$scope.agent {
            Some(a) => q.bind(a.clone()),
            None => q,
        }
    }};
}

impl Store {
    /// The report over cases opened and replies sent since `since` (everything when `None`).
    pub async fn report(&self, since: Option<Timestamp>, now: Timestamp) -> Result<StoreReport> {
        self.report_scoped(&ReportScope::new(since, now)).await
    }

    /// The report over one scope: a time range, and optionally a team or an agent.
    pub async fn report_scoped(&self, scope: &ReportScope) -> Result<StoreReport> {
        let since = scope.since;
        let now = scope.now;
        let from = since.map(|s| s.as_second()).unwrap_or(i64::MIN);
        let to = now.as_second();

        // Cases by category and week.
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT COALESCE(category, 'uncategorized') AS category, \
                 (opened_at - $3) / $4 AS week, COUNT(*) AS n FROM cases \
                 WHERE opened_at >= $1 AND opened_at <= $2{} GROUP BY 1, 2",
                scope.sql("cases", "cases", 5)
            )))
            .bind(from)
            .bind(to)
            .bind(MONDAY)
            .bind(WEEK),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        let mut counts = Vec::with_capacity(rows.len());
        for r in rows {
            let cat: String = r.try_get("category")?;
            let week: i64 = r.try_get("week")?;
            let n: i64 = r.try_get("n")?;
            counts.push((cat, week, n));
        }
        // The trend ends with the latest week that has cases (an import of last year's
        // conversations shows last year's trend), or this week.
        let last_week = counts
            .iter()
            .map(|c| c.1)
            .max()
            .unwrap_or_else(|| (to - MONDAY).div_euclid(WEEK));
        let first_week = last_week - WEEKS_SHOWN + 1;
        let mut by_cat: BTreeMap<String, (i64, Vec<i64>)> = BTreeMap::new();
        let mut cases = 0;
        for (cat, week, n) in counts {
            cases += n;
            let e = by_cat
                .entry(cat)
                .or_insert_with(|| (0, vec![0; WEEKS_SHOWN as usize]));
            e.0 += n;
            if (first_week..=last_week).contains(&week) {
                e.1[(week - first_week) as usize] += n;
            }
        }
        let mut categories: Vec<CategoryTrend> = by_cat
            .into_iter()
            .map(|(category, (n, weekly))| {
                let change = weekly[weekly.len() - 1] - weekly[weekly.len() - 2];
                CategoryTrend {
                    category,
                    cases: n,
                    weekly,
                    change,
                }
            })
            .collect();
        categories.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.category.cmp(&b.category)));
        let weeks = (first_week..=last_week)
            .map(|w| ts(w * WEEK + MONDAY))
            .collect();

        let row = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) AS n, COUNT(closed_at) AS closed, \
                 COUNT(first_response_secs) AS answered, \
                 COUNT(CASE WHEN first_response_secs <= first_response_target_secs THEN 1 END) \
                 AS within, COUNT(satisfaction) AS rated, CAST(SUM(satisfaction) AS BIGINT) AS sat \
                 FROM cases WHERE opened_at >= $1 AND opened_at <= $2{}",
                scope.sql("cases", "cases", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_one(&self.pool)
        .await?;
        let total: i64 = row.try_get("n")?;
        let closed: i64 = row.try_get("closed")?;
        let answered: i64 = row.try_get("answered")?;
        let within: i64 = row.try_get("within")?;
        let rated: i64 = row.try_get("rated")?;
        let sat: Option<i64> = row.try_get("sat")?;
        let median_secs = if answered == 0 {
            None
        } else {
            let row = bind_agent!(
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT first_response_secs AS s FROM cases WHERE opened_at >= $1 \
                     AND opened_at <= $2 AND first_response_secs IS NOT NULL{} \
                     ORDER BY first_response_secs LIMIT 1 OFFSET $3",
                    scope.sql("cases", "cases", 4)
                )))
                .bind(from)
                .bind(to)
                .bind((answered - 1) / 2),
                scope
            )
            .fetch_optional(&self.pool)
            .await?;
            match row {
                Some(r) => Some(r.try_get::<i64, _>("s")?),
                None => None,
            }
        };
        let first_response = FirstResponse {
            measured: answered,
            median_secs,
            within_target: within,
            unanswered: total - answered,
        };

        // Replies: scores and findings. Identical lists are counted together by the database.
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT score, COUNT(*) AS n FROM checks WHERE at >= $1 AND at <= $2{} \
                 GROUP BY score",
                scope.sql("checks", "checks", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        let mut replies = 0i64;
        let mut score_sum = 0i64;
        let mut band_counts = [0i64; BANDS.len()];
        for r in rows {
            let score: i64 = r.try_get("score")?;
            let n: i64 = r.try_get("n")?;
            replies += n;
            score_sum += score * n;
            if let Some(i) = BANDS
                .iter()
                .position(|(_, lo, hi)| (i64::from(*lo)..=i64::from(*hi)).contains(&score))
            {
                band_counts[i] += n;
            }
        }
        let score_bands = BANDS
            .iter()
            .zip(band_counts)
            .map(|((band, min, max), n)| ScoreBand {
                band,
                min: *min,
                max: *max,
                replies: n,
                share: if replies == 0 {
                    0.0
                } else {
                    n as f64 / replies as f64
                },
            })
            .collect();
        let anti_patterns = self.count_lists("anti_patterns", from, to, scope).await?;
        let missing = self.count_lists("missing", from, to, scope).await?;

        let row = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(CASE WHEN done_at IS NOT NULL AND done_at <= due_at THEN 1 END) \
                 AS kept, COUNT(CASE WHEN done_at IS NOT NULL AND done_at > due_at THEN 1 END) \
                 AS late, COUNT(CASE WHEN done_at IS NULL AND due_at < $3 THEN 1 END) AS broken, \
                 COUNT(CASE WHEN done_at IS NULL AND due_at >= $3 THEN 1 END) AS open \
                 FROM promises WHERE made_at >= $1 AND made_at <= $2{}",
                scope.sql("promises", "promises", 4)
            )))
            .bind(from)
            .bind(to)
            .bind(to),
            scope
        )
        .fetch_one(&self.pool)
        .await?;
        let promises = PromiseCounts {
            kept: row.try_get("kept")?,
            late: row.try_get("late")?,
            broken: row.try_get("broken")?,
            open: row.try_get("open")?,
        };

        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT LOWER(TRIM(root_cause)) AS cause, COUNT(*) AS n FROM lessons \
                 WHERE root_cause IS NOT NULL AND TRIM(root_cause) <> '' AND created_at >= $1 \
                 AND created_at <= $2{} GROUP BY LOWER(TRIM(root_cause)) \
                 ORDER BY COUNT(*) DESC, LOWER(TRIM(root_cause)) LIMIT 20",
                scope.sql("lessons", "lessons", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        let mut root_causes = Vec::new();
        for r in rows {
            let n: i64 = r.try_get("n")?;
            if n > 1 {
                root_causes.push(Tally {
                    name: r.try_get("cause")?,
                    count: n,
                });
            }
        }

        Ok(StoreReport {
            since,
            now,
            cases,
            closed,
            categories,
            weeks,
            first_response,
            replies,
            mean_score: (replies > 0).then(|| score_sum as f64 / replies as f64),
            score_bands,
            anti_patterns,
            missing,
            promises,
            root_causes,
            mean_satisfaction: sat.filter(|_| rated > 0).map(|s| s as f64 / rated as f64),
        })
    }

    /// Count the ids in a JSON-list column of `checks`: the database groups identical lists.
    async fn count_lists(
        &self,
        column: &str,
        from: i64,
        to: i64,
        scope: &ReportScope,
    ) -> Result<Vec<Tally>> {
        let column = match column {
            "missing" => "missing",
            _ => "anti_patterns",
        };
        let sql = format!(
            "SELECT {column} AS list, COUNT(*) AS n FROM checks WHERE at >= $1 AND at <= $2{} \
             GROUP BY {column}",
            scope.sql("checks", "checks", 3)
        );
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for r in rows {
            let list: String = r.try_get("list")?;
            let n: i64 = r.try_get("n")?;
            for id in serde_json::from_str::<Vec<String>>(&list)? {
                *counts.entry(id).or_default() += n;
            }
        }
        let mut v: Vec<Tally> = counts
            .into_iter()
            .map(|(name, count)| Tally { name, count })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        Ok(v)
    }
}
