//! `tribune doctor`: checks the config, the stores and each configured account, one line each,
//! and exits non-zero when something needs fixing.

use super::Paths;
use crate::config::Config;
use crate::connectors::mastodon::api::Client;
use crate::model::Channel;
use crate::store::{SessionCache, Store, StoreError};

/// One check's outcome.
struct Line {
    ok: bool,
    what: String,
    detail: String,
}

pub(super) fn run(paths: &Paths) -> anyhow::Result<()> {
    let mut lines = Vec::new();
    let config = match Config::load(&paths.config_file) {
        Ok(c) => {
            let found = if paths.config_file.exists() {
                ""
            } else {
                " (no file: the defaults)"
            };
            // The keys' binding names are checked against the keymap, as the console does.
            let line = match super::console::keymap(&c, paths) {
                Ok(_) => Line {
                    ok: true,
                    what: "config".into(),
                    detail: format!("{}{found}", paths.config_file.display()),
                },
                Err(e) => Line {
                    ok: false,
                    what: "config".into(),
                    detail: e.to_string(),
                },
            };
            lines.push(line);
            Some(c)
        }
        Err(e) => {
            lines.push(Line {
                ok: false,
                what: "config".into(),
                detail: e.to_string(),
            });
            None
        }
    };
    // The user's store, held open while the accounts are checked: its kept network sessions
    // spare Bluesky a new login (it allows few a day). A fresh data dir gets the store now, so
    // a login made here is kept for the console. When a running console holds the store, the
    // accounts are not signed in again: the console says how each one's last sync went.
    let wants_sessions = config
        .as_ref()
        .is_some_and(|c| c.accounts.iter().any(|a| a.channel == Channel::Bluesky));
    let own = if wants_sessions || paths.store().join("db").exists() {
        Some(Store::open(&paths.store()))
    } else {
        None
    };
    lines.push(match &own {
        None => store_absent("store", &paths.store()),
        Some(opened) => store_line("store", &paths.store(), opened),
    });
    let demo = paths.demo_store();
    lines.push(if demo.join("db").exists() {
        store_line("demo store", &demo, &Store::open(&demo))
    } else {
        store_absent("demo store", &demo)
    });
    if let Some(config) = &config {
        if config.accounts.is_empty() {
            lines.push(Line {
                ok: true,
                what: "accounts".into(),
                detail: "none configured: tribune opens on the demo source".into(),
            });
        }
        match &own {
            Some(Err(StoreError::Locked(_))) => {
                lines.extend(accounts_from_console(config, &paths.store()));
            }
            _ => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                let sessions = own
                    .as_ref()
                    .and_then(|o| o.as_ref().ok())
                    .and_then(|s| s.sessions().ok());
                for account in &config.accounts {
                    lines.push(runtime.block_on(account_line(account, sessions.clone())));
                }
            }
        }
    }
    if let Some(config) = &config {
        lines.extend(team_lines(config, paths));
    }
    let failed = lines.iter().filter(|l| !l.ok).count();
    for l in &lines {
        println!(
            "{} {:<22} {}",
            if l.ok { "✓" } else { "✖" },
            l.what,
            l.detail
        );
    }
    if failed > 0 {
        anyhow::bail!("{failed} check(s) failed; see the lines marked ✖ above.");
    }
    Ok(())
}

/// The agents' keys as `tribune serve` would read them, and the server holding a store, if
/// one does: where it listens and who is connected.
fn team_lines(config: &Config, paths: &Paths) -> Vec<Line> {
    let mut lines = Vec::new();
    if !config.agents.is_empty() {
        lines.push(
            match crate::serve::keys::AgentKeys::read(&config.agents, &paths.config_file) {
                Ok(_) => Line {
                    ok: true,
                    what: "agents".into(),
                    detail: format!("{} with readable keys", config.agents.len()),
                },
                Err(e) => Line {
                    ok: false,
                    what: "agents".into(),
                    detail: e.to_string(),
                },
            },
        );
    }
    let served = [paths.store(), paths.demo_store()]
        .into_iter()
        .find_map(|dir| crate::service::control::request_server(&dir).ok())
        .and_then(|info| info.listening.clone().map(|at| (at, info.agents)));
    lines.push(match served {
        Some((at, agents)) => Line {
            ok: true,
            what: "server".into(),
            detail: format!(
                "tribune serve listening on {at}; {} agent(s) connected{}",
                agents.len(),
                if agents.is_empty() {
                    String::new()
                } else {
                    format!(": {}", agents.join(", "))
                }
            ),
        },
        None => Line {
            ok: true,
            what: "server".into(),
            detail: "not running (tribune serve starts it)".into(),
        },
    });
    lines
}

fn store_absent(what: &str, dir: &std::path::Path) -> Line {
    Line {
        ok: true,
        what: what.into(),
        detail: format!("{}: not created yet", dir.display()),
    }
}

fn store_line(what: &str, dir: &std::path::Path, opened: &Result<Store, StoreError>) -> Line {
    match opened {
        Ok(store) => Line {
            ok: true,
            what: what.into(),
            detail: format!(
                "{}: {} messages, schema {}",
                dir.display(),
                store.message_count(),
                store.schema_version().unwrap_or(0)
            ),
        },
        // A running console holds the store: that is not a fault.
        Err(StoreError::Locked(_)) => Line {
            ok: true,
            what: what.into(),
            detail: format!("{}: in use by a running tribune", dir.display()),
        },
        Err(e) => Line {
            ok: false,
            what: what.into(),
            detail: e.to_string(),
        },
    }
}

/// The accounts as the running console last found them, without signing in from here.
fn accounts_from_console(config: &Config, store: &std::path::Path) -> Vec<Line> {
    let health = crate::service::control::request_health(store);
    config
        .accounts
        .iter()
        .map(|account| {
            let what = format!("{}:{}", account.channel.as_str(), account.name);
            let (ok, detail) = match &health {
                Err(e) => (false, e.to_string()),
                Ok(health) => match health.get(&what) {
                    Some((ok, detail)) => (*ok, format!("(the running tribune) {detail}")),
                    None => (true, "(the running tribune) not synced yet".to_string()),
                },
            };
            Line { ok, what, detail }
        })
        .collect()
}

async fn account_line(
    account: &crate::config::AccountConfig,
    sessions: Option<SessionCache>,
) -> Line {
    let what = format!("{}:{}", account.channel.as_str(), account.name);
    let fail = |detail: String| Line {
        ok: false,
        what: what.clone(),
        detail,
    };
    match account.channel {
        Channel::Mastodon => {}
        Channel::Bluesky => return bluesky_line(account, sessions, what).await,
        Channel::Facebook => return facebook_line(account, what).await,
        Channel::Instagram => return instagram_line(account, what).await,
        Channel::GoogleReviews => return google_line(account, what).await,
    }
    let Some(base_url) = &account.base_url else {
        return fail("needs base_url".into());
    };
    let (token, var) = match account.token() {
        Ok(found) => found,
        Err(why) => return fail(why.to_string()),
    };
    let client = match Client::new(base_url, token) {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    match client.verify_credentials().await {
        Ok(me) => Line {
            ok: true,
            what: what.clone(),
            detail: format!(
                "{base_url}: signed in as @{}, {} followers",
                crate::text::sanitize(&me.acct),
                me.followers_count.map_or("?".into(), |f| f.to_string())
            ),
        },
        Err(e) => fail(format!(
            "{base_url}: {}",
            e.sentence(&crate::connectors::mastodon::api::fix(&var))
        )),
    }
}

/// The Page as the token sees it: its name and followers, and Meta's budget.
async fn facebook_line(account: &crate::config::AccountConfig, what: String) -> Line {
    use crate::connectors::meta::page;
    let line = |ok: bool, detail: String| Line {
        ok,
        what: what.clone(),
        detail,
    };
    let Some(page_id) = &account.page_id else {
        return line(false, "needs page_id (the Page's numeric id)".into());
    };
    let (client, var) = match super::accounts::graph_client(account) {
        Ok(found) => found,
        Err(why) => return line(false, why.to_string()),
    };
    let read = client
        .get::<page::PageInfo>(page_id, &[("fields", "name,followers_count,fan_count")])
        .await;
    match read {
        Ok((info, usage)) => line(
            true,
            format!(
                "Page {}, {} followers{}",
                crate::text::sanitize(info.name.as_deref().unwrap_or(page_id)),
                info.followers_count
                    .or(info.fan_count)
                    .map_or("?".into(), |f| f.to_string()),
                usage
                    .map(|u| format!(" · {}", u.describe()))
                    .unwrap_or_default()
            ),
        ),
        Err(e) => line(false, e.sentence(&page::fix(&var))),
    }
}

/// The Instagram account as the token sees it: its username and followers.
async fn instagram_line(account: &crate::config::AccountConfig, what: String) -> Line {
    use crate::connectors::meta::instagram;
    let line = |ok: bool, detail: String| Line {
        ok,
        what: what.clone(),
        detail,
    };
    let Some(id) = &account.ig_user_id else {
        return line(
            false,
            "needs ig_user_id (the Instagram professional account's id)".into(),
        );
    };
    let (client, var) = match super::accounts::graph_client(account) {
        Ok(found) => found,
        Err(why) => return line(false, why.to_string()),
    };
    match client
        .get::<instagram::IgUser>(id, &[("fields", "id,username,followers_count")])
        .await
    {
        Ok((user, usage)) => line(
            true,
            format!(
                "@{}, {} followers{}",
                crate::text::sanitize(user.username.as_deref().unwrap_or(id)),
                user.followers_count.map_or("?".into(), |f| f.to_string()),
                usage
                    .map(|u| format!(" · {}", u.describe()))
                    .unwrap_or_default()
            ),
        ),
        Err(e) => line(false, e.sentence(&instagram::fix(&var))),
    }
}

/// The location's reviews as the credentials see them: how many, and their average.
async fn google_line(account: &crate::config::AccountConfig, what: String) -> Line {
    use crate::connectors::google::api;
    let line = |ok: bool, detail: String| Line {
        ok,
        what: what.clone(),
        detail,
    };
    let Some(location) = &account.location else {
        return line(false, "needs location = \"accounts/…/locations/…\"".into());
    };
    let (oauth, from) = match account.google_oauth() {
        Ok(found) => found,
        Err(why) => return line(false, why.to_string()),
    };
    let client = match super::accounts::google_client(account, oauth) {
        Ok(c) => c,
        Err(e) => return line(false, e.to_string()),
    };
    match client.reviews(location, None).await {
        Ok(list) => line(
            true,
            format!(
                "{location}: {} reviews, average {}",
                list.total_review_count
                    .map_or("?".into(), |n| n.to_string()),
                list.average_rating
                    .map_or("?".into(), |a| format!("{a:.1}★"))
            ),
        ),
        Err(e) => line(false, e.sentence(&api::fix(&from))),
    }
}

async fn bluesky_line(
    account: &crate::config::AccountConfig,
    sessions: Option<SessionCache>,
    what: String,
) -> Line {
    let line = |ok: bool, detail: String| Line {
        ok,
        what: what.clone(),
        detail,
    };
    let (client, var) = match super::accounts::bluesky_client(account, sessions) {
        Ok(found) => found,
        Err(why) => return line(false, why.to_string()),
    };
    let base_url = account
        .base_url
        .as_deref()
        .unwrap_or(super::accounts::BLUESKY_ENTRYWAY);
    let signed_in = async {
        let me = client.session().await?;
        client.profile(&me.did).await
    };
    match signed_in.await {
        Ok(me) => {
            let rate = client
                .rate_limit()
                .and_then(|r| r.describe())
                .map(|r| format!(" · {r}"))
                .unwrap_or_default();
            line(
                true,
                format!(
                    "{base_url}: signed in as @{}, {} followers{rate}",
                    crate::text::sanitize(&me.handle),
                    me.followers_count.map_or("?".into(), |f| f.to_string())
                ),
            )
        }
        Err(e) => line(
            false,
            format!(
                "{base_url}: {}",
                e.sentence(&crate::connectors::bluesky::api::fix(&var))
            ),
        ),
    }
}
