//! The report broken down: over time (per day or week), per agent and per team. As in the
//! report, the database does the counting with `GROUP BY`; only medians and the top
//! anti-patterns are finished here, from grouped counts.

use crate::report::ReportScope;
use crate::{ts, Result, Store, Tally};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;

const DAY: i64 = 24 * 3600;
const WEEK: i64 = 7 * DAY;
/// 1970-01-05 was a Monday.
const MONDAY: i64 = 4 * DAY;
/// The most periods a series shows (the latest ones).
pub const MAX_PERIODS: usize = 400;

/// The length of a period of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Days from 00:00 UTC.
    Day,
    /// Weeks from Monday 00:00 UTC.
    Week,
}

impl Bucket {
    /// `day` or `week`.
    pub fn parse(s: &str) -> Option<Bucket> {
        match s.trim() {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            _ => None,
        }
    }

    /// (offset, length) in seconds: period `p` starts at `p * length + offset`.
    fn span(self) -> (i64, i64) {
        match self {
            Bucket::Day => (0, DAY),
            Bucket::Week => (MONDAY, WEEK),
        }
    }
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// When the period starts.
    pub period: Timestamp,
    /// Cases opened.
    pub cases: i64,
    /// Replies checked.
    pub replies: i64,
    pub mean_score: Option<f64>,
    /// Of the cases opened in the period.
    pub median_first_response_secs: Option<i64>,
    /// Of the promises made in the period.
    pub promises_kept: i64,
    pub promises_broken: i64,
}

/// One agent's replies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentStats {
    /// The author of the replies (a login for replies written in tact).
    pub login: String,
    pub replies: i64,
    pub mean_score: Option<f64>,
    /// Of the cases where this agent wrote the first reply.
    pub first_response_median_secs: Option<i64>,
    /// The anti-patterns this agent's replies commit most, at most three.
    pub top_anti_patterns: Vec<Tally>,
}

/// One team's work.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamStats {
    pub team_id: i64,
    pub name: String,
    pub cases: i64,
    pub replies: i64,
    pub mean_score: Option<f64>,
    pub median_first_response_secs: Option<i64>,
    pub promises_kept: i64,
    pub promises_broken: i64,
}

/// The breakdowns of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdowns {
    pub bucket: Bucket,
    pub series: Vec<SeriesPoint>,
    pub agents: Vec<AgentStats>,
    pub teams: Vec<TeamStats>,
}

/// The lower median of values given with their counts, sorted by value.
fn median(counts: &[(i64, i64)]) -> Option<i64> {
    let total: i64 = counts.iter().map(|c| c.1).sum();
    if total == 0 {
        return None;
    }
    let mut k = (total - 1) / 2;
    for (v, n) in counts {
        if k < *n {
            return Some(*v);
        }
        k -= n;
    }
    None
}

fn mean(sum: i64, n: i64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

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
    /// The report's breakdowns over `scope`: a series of `bucket` periods, the agents, and
    /// the teams.
    pub async fn report_breakdowns(
        &self,
        scope: &ReportScope,
        bucket: Bucket,
    ) -> Result<Breakdowns> {
        Ok(Breakdowns {
            bucket,
            series: self.series(scope, bucket).await?,
            agents: self.agent_stats(scope).await?,
            teams: self.team_stats(scope).await?,
        })
    }

    async fn series(&self, scope: &ReportScope, bucket: Bucket) -> Result<Vec<SeriesPoint>> {
        let from = scope.since.map(|s| s.as_second()).unwrap_or(i64::MIN);
        let to = scope.now.as_second();
        let (offset, len) = bucket.span();
        #[derive(Default)]
        struct Acc {
            cases: i64,
            replies: i64,
            score_sum: i64,
            fr: Vec<(i64, i64)>,
            kept: i64,
            broken: i64,
        }
        let mut periods: BTreeMap<i64, Acc> = BTreeMap::new();

        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT (at - $3) / $4 AS p, COUNT(*) AS n, CAST(SUM(score) AS BIGINT) AS s \
                 FROM checks WHERE at >= $1 AND at <= $2{} GROUP BY 1",
                scope.sql("checks", "checks", 5)
            )))
            .bind(from)
            .bind(to)
            .bind(offset)
            .bind(len),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let e = periods.entry(r.try_get("p")?).or_default();
            e.replies += r.try_get::<i64, _>("n")?;
            e.score_sum += r.try_get::<Option<i64>, _>("s")?.unwrap_or(0);
        }

        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT (opened_at - $3) / $4 AS p, first_response_secs AS s, COUNT(*) AS n \
                 FROM cases WHERE opened_at >= $1 AND opened_at <= $2{} GROUP BY 1, 2 \
                 ORDER BY 1, 2",
                scope.sql("cases", "cases", 5)
            )))
            .bind(from)
            .bind(to)
            .bind(offset)
            .bind(len),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let e = periods.entry(r.try_get("p")?).or_default();
            let n: i64 = r.try_get("n")?;
            e.cases += n;
            if let Some(s) = r.try_get::<Option<i64>, _>("s")? {
                e.fr.push((s, n));
            }
        }

        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT (made_at - $3) / $4 AS p, \
                 COUNT(CASE WHEN done_at IS NOT NULL AND done_at <= due_at THEN 1 END) AS kept, \
                 COUNT(CASE WHEN done_at IS NULL AND due_at < $2 THEN 1 END) AS broken \
                 FROM promises WHERE made_at >= $1 AND made_at <= $2{} GROUP BY 1",
                scope.sql("promises", "promises", 5)
            )))
            .bind(from)
            .bind(to)
            .bind(offset)
            .bind(len),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let e = periods.entry(r.try_get("p")?).or_default();
            e.kept += r.try_get::<i64, _>("kept")?;
            e.broken += r.try_get::<i64, _>("broken")?;
        }

        // Every period from the first with data to the last, quiet ones as zeros.
        let (Some(&first), Some(&last)) = (periods.keys().next(), periods.keys().next_back())
        else {
            return Ok(Vec::new());
        };
        let first = first.max(last - MAX_PERIODS as i64 + 1);
        Ok((first..=last)
            .map(|p| {
                let a = periods.remove(&p).unwrap_or_default();
                SeriesPoint {
                    period: ts(p * len + offset),
                    cases: a.cases,
                    replies: a.replies,
                    mean_score: mean(a.score_sum, a.replies),
                    median_first_response_secs: median(&a.fr),
                    promises_kept: a.kept,
                    promises_broken: a.broken,
                }
            })
            .collect())
    }

    async fn agent_stats(&self, scope: &ReportScope) -> Result<Vec<AgentStats>> {
        let from = scope.since.map(|s| s.as_second()).unwrap_or(i64::MIN);
        let to = scope.now.as_second();
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT COALESCE(m.author, '') AS login, ch.anti_patterns AS list, \
                 COUNT(*) AS n, CAST(SUM(ch.score) AS BIGINT) AS s FROM checks ch \
                 JOIN messages m ON m.id = ch.message_id \
                 WHERE ch.at >= $1 AND ch.at <= $2{} GROUP BY 1, 2",
                scope.sql("checks", "ch", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        #[derive(Default)]
        struct Acc {
            replies: i64,
            score_sum: i64,
            anti: BTreeMap<String, i64>,
            fr: Vec<(i64, i64)>,
        }
        let mut agents: BTreeMap<String, Acc> = BTreeMap::new();
        for r in rows {
            let e = agents.entry(r.try_get("login")?).or_default();
            let n: i64 = r.try_get("n")?;
            e.replies += n;
            e.score_sum += r.try_get::<Option<i64>, _>("s")?.unwrap_or(0);
            let list: String = r.try_get("list")?;
            for id in serde_json::from_str::<Vec<String>>(&list)? {
                *e.anti.entry(id).or_default() += n;
            }
        }
        // Who wrote each case's first reply: the reply sent at the first-response time.
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT COALESCE(m.author, '') AS login, c.first_response_secs AS s, \
                 COUNT(*) AS n FROM cases c JOIN messages m ON m.case_id = c.id \
                 AND m.direction = 'outbound' AND m.at = c.first_response_at \
                 WHERE c.opened_at >= $1 AND c.opened_at <= $2{} GROUP BY 1, 2 ORDER BY 1, 2",
                scope.sql("cases", "c", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let login: String = r.try_get("login")?;
            let s: i64 = r.try_get("s")?;
            let n: i64 = r.try_get("n")?;
            agents.entry(login).or_default().fr.push((s, n));
        }
        let mut out: Vec<AgentStats> = agents
            .into_iter()
            .filter(|(login, _)| scope.agent.as_ref().is_none_or(|a| a == login))
            .map(|(login, a)| {
                let mut top: Vec<Tally> = a
                    .anti
                    .into_iter()
                    .map(|(name, count)| Tally { name, count })
                    .collect();
                top.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
                top.truncate(3);
                AgentStats {
                    login,
                    replies: a.replies,
                    mean_score: mean(a.score_sum, a.replies),
                    first_response_median_secs: median(&a.fr),
                    top_anti_patterns: top,
                }
            })
            .collect();
        out.sort_by(|x, y| y.replies.cmp(&x.replies).then(x.login.cmp(&y.login)));
        Ok(out)
    }

    async fn team_stats(&self, scope: &ReportScope) -> Result<Vec<TeamStats>> {
        let from = scope.since.map(|s| s.as_second()).unwrap_or(i64::MIN);
        let to = scope.now.as_second();
        let mut teams: BTreeMap<i64, TeamStats> = BTreeMap::new();
        for t in self.teams().await? {
            if scope.team_id.is_none_or(|id| id == t.id) {
                teams.insert(
                    t.id,
                    TeamStats {
                        team_id: t.id,
                        name: t.name,
                        cases: 0,
                        replies: 0,
                        mean_score: None,
                        median_first_response_secs: None,
                        promises_kept: 0,
                        promises_broken: 0,
                    },
                );
            }
        }
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT c.team_id AS t, c.first_response_secs AS s, COUNT(*) AS n FROM cases c \
                 WHERE c.opened_at >= $1 AND c.opened_at <= $2 AND c.team_id IS NOT NULL{} \
                 GROUP BY 1, 2 ORDER BY 1, 2",
                scope.sql("cases", "c", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        let mut fr: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
        for r in rows {
            let t: i64 = r.try_get("t")?;
            let n: i64 = r.try_get("n")?;
            if let Some(e) = teams.get_mut(&t) {
                e.cases += n;
            }
            if let Some(s) = r.try_get::<Option<i64>, _>("s")? {
                fr.entry(t).or_default().push((s, n));
            }
        }
        for (t, v) in fr {
            if let Some(e) = teams.get_mut(&t) {
                e.median_first_response_secs = median(&v);
            }
        }
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT c.team_id AS t, COUNT(*) AS n, CAST(SUM(ch.score) AS BIGINT) AS s \
                 FROM checks ch JOIN cases c ON c.id = ch.case_id \
                 WHERE ch.at >= $1 AND ch.at <= $2 AND c.team_id IS NOT NULL{} GROUP BY 1",
                scope.sql("checks", "ch", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            if let Some(e) = teams.get_mut(&r.try_get("t")?) {
                let n: i64 = r.try_get("n")?;
                e.replies = n;
                e.mean_score = mean(r.try_get::<Option<i64>, _>("s")?.unwrap_or(0), n);
            }
        }
        let rows = bind_agent!(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT c.team_id AS t, \
                 COUNT(CASE WHEN p.done_at IS NOT NULL AND p.done_at <= p.due_at THEN 1 END) AS kept, \
                 COUNT(CASE WHEN p.done_at IS NULL AND p.due_at < $2 THEN 1 END) AS broken \
                 FROM promises p JOIN cases c ON c.id = p.case_id \
                 WHERE p.made_at >= $1 AND p.made_at <= $2 AND c.team_id IS NOT NULL{} GROUP BY 1",
                scope.sql("promises", "p", 3)
            )))
            .bind(from)
            .bind(to),
            scope
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            if let Some(e) = teams.get_mut(&r.try_get("t")?) {
                e.promises_kept = r.try_get("kept")?;
                e.promises_broken = r.try_get("broken")?;
            }
        }
        Ok(teams.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_grouped_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[(5, 1)]), Some(5));
        assert_eq!(median(&[(1, 1), (2, 1)]), Some(1));
        assert_eq!(median(&[(1, 1), (7, 3), (9, 1)]), Some(7));
        assert_eq!(median(&[(1, 3), (7, 1), (9, 1)]), Some(1));
    }
}
