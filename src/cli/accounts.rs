//! The configured network accounts as running parts: a reading connector and a reply poster
//! for each account whose secret can be read. What cannot be started is one sentence each,
//! for the status bar.

use crate::config::{AccountConfig, Config};
use crate::connectors::Connector;
use crate::connectors::bluesky::{self, BlueskyConnector, BlueskyPoster};
use crate::connectors::mastodon::{MastodonConnector, MastodonPoster};
use crate::connectors::post::Poster;
use crate::model::Channel;
use crate::store::SessionCache;
use std::collections::HashMap;
use std::sync::Arc;

/// Where Bluesky-hosted accounts live; others name their PDS in `base_url`.
pub(super) const BLUESKY_ENTRYWAY: &str = "https://bsky.social";

#[derive(Default)]
pub(super) struct Accounts {
    pub connectors: Vec<Box<dyn Connector>>,
    pub posters: HashMap<Channel, Arc<dyn Poster>>,
    pub problems: Vec<String>,
}

pub(super) fn start(config: &Config, sessions: Option<SessionCache>) -> Accounts {
    let mut out = Accounts::default();
    for account in &config.accounts {
        let started = match account.channel {
            Channel::Mastodon => mastodon(account),
            Channel::Bluesky => bluesky(account, sessions.clone()),
            Channel::Facebook => facebook(account),
            Channel::Instagram => instagram(account),
            Channel::GoogleReviews => google_reviews(account),
        };
        match started {
            Ok((connector, poster)) => {
                out.connectors.push(connector);
                out.posters.insert(account.channel, poster);
            }
            Err(why) => out.problems.push(format!(
                "{} `{}`: {why}; its messages are not read and replies not posted.",
                account.channel.title(),
                account.name
            )),
        }
    }
    out
}

type Started = (Box<dyn Connector>, Arc<dyn Poster>);

/// Why an account cannot be started.
#[derive(Debug, thiserror::Error)]
pub(super) enum AccountError {
    #[error("needs base_url")]
    NoBaseUrl,
    #[error("needs handle (e.g. handle = \"brand.bsky.social\")")]
    NoHandle,
    #[error("needs page_id (the Page's numeric id)")]
    NoPageId,
    #[error("needs ig_user_id (the Instagram professional account's id)")]
    NoIgUserId,
    #[error("needs location = \"accounts/…/locations/…\"")]
    NoLocation,
    #[error("{0}")]
    Token(#[from] crate::config::TokenError),
    #[error("{0}")]
    Client(#[from] crate::connectors::http::ClientError),
}

fn mastodon(account: &AccountConfig) -> Result<Started, AccountError> {
    let base_url = account.base_url.clone().ok_or(AccountError::NoBaseUrl)?;
    let (token, var) = account.token()?;
    let poster = MastodonPoster::new(&base_url, token.clone())?;
    let connector = MastodonConnector {
        account: account.name.clone(),
        base_url,
        token,
        token_env: var,
        poll_interval: account.poll_interval.get(),
    };
    Ok((Box::new(connector), Arc::new(poster)))
}

/// The account's Graph API client (Meta's host, or a test server's `base_url`) and where its
/// token came from, for Facebook and Instagram alike.
pub(super) fn graph_client(
    account: &AccountConfig,
) -> Result<(crate::connectors::meta::client::GraphClient, String), AccountError> {
    use crate::connectors::meta::client;
    let (token, var) = account.token()?;
    let host = account.base_url.as_deref().unwrap_or(client::GRAPH_HOST);
    Ok((client::GraphClient::new(host, token)?, var))
}

fn facebook(account: &AccountConfig) -> Result<Started, AccountError> {
    use crate::connectors::meta::page;
    let page_id = account.page_id.clone().ok_or(AccountError::NoPageId)?;
    let (client, var) = graph_client(account)?;
    let poster = page::FacebookPoster {
        client: client.clone(),
        page_id: page_id.clone(),
    };
    let connector = page::FacebookConnector {
        account: account.name.clone(),
        page_id,
        client,
        token_env: var,
        poll_interval: account.poll_interval.get(),
    };
    Ok((Box::new(connector), Arc::new(poster)))
}

fn instagram(account: &AccountConfig) -> Result<Started, AccountError> {
    use crate::connectors::meta::instagram;
    let ig_user_id = account.ig_user_id.clone().ok_or(AccountError::NoIgUserId)?;
    let (client, var) = graph_client(account)?;
    let poster = instagram::InstagramPoster {
        client: client.clone(),
        ig_user_id: ig_user_id.clone(),
    };
    let connector = instagram::InstagramConnector {
        account: account.name.clone(),
        ig_user_id,
        client,
        token_env: var,
        poll_interval: account.poll_interval.get(),
    };
    Ok((Box::new(connector), Arc::new(poster)))
}

/// The account's Google client: the reviews and performance hosts and the token endpoint are
/// Google's, or a test server's `base_url` for all three.
pub(super) fn google_client(
    account: &AccountConfig,
    oauth: crate::config::GoogleOAuth,
) -> Result<crate::connectors::google::api::GbpClient, crate::connectors::http::ClientError> {
    use crate::connectors::google::api;
    let (host, performance, token_url) = match &account.base_url {
        Some(base) => (
            base.clone(),
            base.clone(),
            format!("{}/token", base.trim_end_matches('/')),
        ),
        None => (
            api::API_HOST.into(),
            api::PERFORMANCE_HOST.into(),
            api::TOKEN_URL.into(),
        ),
    };
    let tokens = Arc::new(api::Tokens::new(&token_url, oauth)?);
    api::GbpClient::new(&host, &performance, tokens)
}

fn google_reviews(account: &AccountConfig) -> Result<Started, AccountError> {
    use crate::connectors::google;
    let location = account.location.clone().ok_or(AccountError::NoLocation)?;
    let (oauth, from) = account.google_oauth()?;
    let client = google_client(account, oauth)?;
    let poster = google::GbpPoster {
        client: client.clone(),
        location: location.clone(),
    };
    let connector = google::GbpConnector {
        account: account.name.clone(),
        location,
        client,
        credentials_from: from,
        poll_interval: account.poll_interval.get(),
    };
    Ok((Box::new(connector), Arc::new(poster)))
}

/// One client for the account, shared by its connector and its poster: one session.
pub(super) fn bluesky_client(
    account: &AccountConfig,
    sessions: Option<SessionCache>,
) -> Result<(bluesky::api::Client, String), AccountError> {
    let handle = account.handle.as_deref().ok_or(AccountError::NoHandle)?;
    let (password, var) = account.token()?;
    let base_url = account.base_url.as_deref().unwrap_or(BLUESKY_ENTRYWAY);
    let client = bluesky::api::Client::new(base_url, handle, password, sessions)?;
    Ok((client, var))
}

fn bluesky(
    account: &AccountConfig,
    sessions: Option<SessionCache>,
) -> Result<Started, AccountError> {
    let (client, var) = bluesky_client(account, sessions)?;
    let connector = BlueskyConnector {
        account: account.name.clone(),
        client: client.clone(),
        password_env: var,
        poll_interval: account.poll_interval.get(),
    };
    Ok((Box::new(connector), Arc::new(BlueskyPoster::new(client))))
}
