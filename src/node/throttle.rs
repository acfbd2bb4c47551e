//! Login throttling: failed sign-ins are counted per account and address, per address and per
//! account, and a caller past a threshold must wait before the password is even checked. The
//! waits double with each further failure but are capped, and counts fade after a quiet
//! period, so a guesser is slowed to a crawl while the real user — who signs in from another
//! address — meets at most a one-second pause, and never a lockout.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How one kind of key is throttled.
#[derive(Debug, Clone, Copy)]
struct Rule {
    /// Failures allowed before waits start.
    free: u32,
    /// Longest wait.
    cap: Duration,
}

/// The same account from the same address: a guesser at one account.
const PAIR: Rule = Rule { free: 5, cap: Duration::from_secs(60) };
/// One address, any accounts: a guesser spraying names.
const ADDRESS: Rule = Rule { free: 30, cap: Duration::from_secs(300) };
/// One account, any addresses: a distributed guesser; capped low so its real user still gets in.
const ACCOUNT: Rule = Rule { free: 50, cap: Duration::from_secs(1) };
/// Failures older than this are forgotten.
const FADE: Duration = Duration::from_secs(15 * 60);
/// Keys remembered per table before the oldest are dropped.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// When the next attempt may be made under `rule`.
    fn next_allowed(&self, rule: Rule) -> Instant {
        let over = self.count.saturating_sub(rule.free);
        if over == 0 {
            return self.last;
        }
        let wait = Duration::from_secs(1u64 << over.min(20).saturating_sub(1)).min(rule.cap);
        self.last + wait
    }
}

#[derive(Debug)]
struct Table<K> {
    rule: Rule,
    entries: HashMap<K, Failures>,
}

impl<K: Eq + Hash + Clone> Table<K> {
    fn new(rule: Rule) -> Table<K> {
        Table { rule, entries: HashMap::new() }
    }

    fn wait(&mut self, key: &K, now: Instant) -> Option<Duration> {
        let failures = self.entries.get(key)?;
        if now.duration_since(failures.last) > FADE {
            self.entries.remove(key);
            return None;
        }
        let allowed = failures.next_allowed(self.rule);
        (allowed > now).then(|| allowed - now)
    }

    fn fail(&mut self, key: K, now: Instant) {
        if self.entries.len() >= MAX_KEYS && !self.entries.contains_key(&key) {
            self.entries.retain(|_, f| now.duration_since(f.last) <= FADE);
            if self.entries.len() >= MAX_KEYS {
                return;
            }
        }
        let entry = self.entries.entry(key).or_insert(Failures { count: 0, last: now });
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
    }
}

/// Failed sign-ins by account, address and both.
#[derive(Debug)]
pub struct LoginThrottle(Mutex<Tables>);

#[derive(Debug)]
struct Tables {
    pairs: Table<(String, Option<IpAddr>)>,
    addresses: Table<IpAddr>,
    accounts: Table<String>,
}

impl Default for LoginThrottle {
    fn default() -> LoginThrottle {
        LoginThrottle(Mutex::new(Tables {
            pairs: Table::new(PAIR),
            addresses: Table::new(ADDRESS),
            accounts: Table::new(ACCOUNT),
        }))
    }
}

impl LoginThrottle {
    /// How long `username` from `address` must still wait, if at all.
    pub fn wait(&self, username: &str, address: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let mut tables = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let waits = [
            tables.pairs.wait(&(username.to_owned(), address), now),
            address.and_then(|a| tables.addresses.wait(&a, now)),
            tables.accounts.wait(&username.to_owned(), now),
        ];
        waits.into_iter().flatten().max()
    }

    /// Counts a failed sign-in.
    pub fn failed(&self, username: &str, address: Option<IpAddr>, now: Instant) {
        let mut tables = self.0.lock().unwrap_or_else(|p| p.into_inner());
        tables.pairs.fail((username.to_owned(), address), now);
        if let Some(address) = address {
            tables.addresses.fail(address, now);
        }
        tables.accounts.fail(username.to_owned(), now);
    }

    /// Forgets the failures of `username` from `address` after it signed in.
    pub fn succeeded(&self, username: &str, address: Option<IpAddr>) {
        let mut tables = self.0.lock().unwrap_or_else(|p| p.into_inner());
        tables.pairs.entries.remove(&(username.to_owned(), address));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, last]))
    }

    #[test]
    fn a_guesser_waits_longer_and_longer_up_to_a_minute() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..5 {
            assert_eq!(throttle.wait("alice", ip(1), start), None);
            throttle.failed("alice", ip(1), start);
        }
        assert_eq!(throttle.wait("alice", ip(1), start), None, "five failures are free");
        throttle.failed("alice", ip(1), start);
        assert_eq!(throttle.wait("alice", ip(1), start), Some(Duration::from_secs(1)));
        for _ in 0..20 {
            throttle.failed("alice", ip(1), start);
        }
        assert_eq!(throttle.wait("alice", ip(1), start), Some(Duration::from_secs(60)));
        let later = start + Duration::from_secs(61);
        assert_eq!(throttle.wait("alice", ip(1), later), None, "the cap is a minute");
    }

    #[test]
    fn the_real_user_elsewhere_waits_at_most_a_second() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for attacker in 0..200u8 {
            throttle.failed("alice", ip(attacker), now);
        }
        let wait = throttle.wait("alice", ip(250), now).unwrap_or_default();
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        throttle.succeeded("alice", ip(250));
    }

    #[test]
    fn one_address_spraying_names_is_slowed_and_failures_fade() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for n in 0..40 {
            throttle.failed(&format!("user{n}"), ip(9), now);
        }
        assert!(throttle.wait("someone-new", ip(9), now).is_some());
        assert_eq!(throttle.wait("someone-new", ip(8), now), None);
        let faded = now + FADE + Duration::from_secs(1);
        assert_eq!(throttle.wait("someone-new", ip(9), faded), None);
    }
}
